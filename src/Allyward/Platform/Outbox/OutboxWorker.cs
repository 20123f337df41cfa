using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allyward.Platform.Outbox;

public sealed class OutboxOptions
{
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
    public int MaxAttempts { get; set; } = 10;
    public int BatchSize { get; set; } = 20;
}

/// <summary>
/// Drains the outbox on every node. A node claims a message by setting its lease in one conditional
/// update, so two nodes never handle the same message at once; a node that dies mid-way loses its lease
/// and the message is retried. Failures back off exponentially up to <see cref="OutboxOptions.MaxAttempts"/>.
/// </summary>
internal sealed class OutboxWorker(
    IServiceScopeFactory scopes, TimeProvider time, OutboxSignal signal,
    IOptions<OutboxOptions> options, ILogger<OutboxWorker> logger) : BackgroundService
{
    private readonly string _node = $"{Environment.MachineName}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var handled = await DrainOnceAsync(stoppingToken);
                if (handled > 0) continue;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Outbox drain failed; retrying after the poll interval.");
            }
            try
            {
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Claims and handles one batch of due messages; returns how many were attempted.</summary>
    public async Task<int> DrainOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        List<Guid> due;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AllywardDbContext>();
            due = await db.OutboxMessages
                .Where(m => m.ProcessedAt == null && m.FailedAt == null && m.NextAttemptAt <= now
                            && (m.LockedUntil == null || m.LockedUntil < now))
                .OrderBy(m => m.NextAttemptAt)
                .Select(m => m.Id)
                .Take(settings.BatchSize)
                .ToListAsync(cancellationToken);
        }

        var attempted = 0;
        foreach (var id in due)
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AllywardDbContext>();
            var claimed = await db.OutboxMessages
                .Where(m => m.Id == id && m.ProcessedAt == null && (m.LockedUntil == null || m.LockedUntil < now))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.LockedUntil, now + settings.Lease)
                    .SetProperty(m => m.LockedBy, _node), cancellationToken);
            if (claimed == 0) continue;

            attempted++;
            var message = await db.OutboxMessages.SingleAsync(m => m.Id == id, cancellationToken);
            var handler = scope.ServiceProvider.GetServices<IOutboxHandler>().SingleOrDefault(h => h.Type == message.Type);
            try
            {
                if (handler is null) throw new InvalidOperationException($"No handler for outbox message type '{message.Type}'.");
                await handler.HandleAsync(message, cancellationToken);
                message.ProcessedAt = time.GetUtcNow().UtcDateTime;
                message.LastError = null;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                message.Attempts++;
                message.LastError = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
                var backoff = TimeSpan.FromSeconds(Math.Min(3600, Math.Pow(2, message.Attempts)));
                message.NextAttemptAt = time.GetUtcNow().UtcDateTime + backoff;
                if (message.Attempts >= settings.MaxAttempts) message.FailedAt = time.GetUtcNow().UtcDateTime;
                logger.LogWarning(ex, "Outbox message {Id} ({Type}) failed, attempt {Attempt}.", message.Id, message.Type, message.Attempts);
            }
            message.LockedUntil = null;
            message.LockedBy = null;
            await db.SaveChangesAsync(cancellationToken);
        }
        return attempted;
    }
}
