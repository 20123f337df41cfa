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

    /// <summary>
    /// Claims one batch of due messages with a single conditional update (the lease names this batch, so several
    /// nodes never claim one message twice), then handles them one by one; returns how many were attempted.
    /// </summary>
    public async Task<int> DrainOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var claim = $"{_node}/{Guid.NewGuid():N}";
        List<Guid> claimed;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AllywardDbContext>();
            var due = await db.OutboxMessages
                .Where(m => m.ProcessedAt == null && m.FailedAt == null && m.NextAttemptAt <= now
                            && (m.LockedUntil == null || m.LockedUntil < now))
                .OrderBy(m => m.NextAttemptAt)
                .Select(m => m.Id)
                .Take(settings.BatchSize)
                .ToListAsync(cancellationToken);
            if (due.Count == 0) return 0;
            await db.OutboxMessages
                .Where(m => due.Contains(m.Id) && m.ProcessedAt == null && (m.LockedUntil == null || m.LockedUntil < now))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.LockedUntil, now + settings.Lease)
                    .SetProperty(m => m.LockedBy, claim), cancellationToken);
            claimed = await db.OutboxMessages.Where(m => due.Contains(m.Id) && m.LockedBy == claim).OrderBy(m => m.NextAttemptAt).Select(m => m.Id).ToListAsync(cancellationToken);
        }

        var attempted = 0;
        foreach (var id in claimed)
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AllywardDbContext>();
            var message = await db.OutboxMessages.SingleAsync(m => m.Id == id, cancellationToken);
            // A lease that ran out while earlier messages of the batch were handled may have passed to another node.
            if (message.LockedBy != claim || message.LockedUntil <= time.GetUtcNow().UtcDateTime) continue;
            attempted++;
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
