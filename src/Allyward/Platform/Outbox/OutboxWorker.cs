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
    public int BatchSize { get; set; } = 50;

    /// <summary>How many messages of a batch a node handles at the same time.</summary>
    public int Concurrency { get; set; } = 8;
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
    /// nodes never claim one message twice), then handles up to <see cref="OutboxOptions.Concurrency"/> of them at a
    /// time; returns how many were attempted. Each message is handled in a unit of work of its own: the database
    /// changes its handler staged are saved with the message's completion in one transaction, or dropped if it fails.
    /// </summary>
    public async Task<int> DrainOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var claim = $"{_node}/{Guid.NewGuid():N}";
        List<OutboxMessage> claimed;
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
            claimed = await db.OutboxMessages.AsNoTracking().Where(m => due.Contains(m.Id) && m.LockedBy == claim)
                .OrderBy(m => m.NextAttemptAt).ToListAsync(cancellationToken);
        }

        var attempted = 0;
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
            async (message, ct) =>
            {
                // A lease that ran out while earlier messages of the batch were handled may have passed to another node.
                if (message.LockedUntil <= time.GetUtcNow().UtcDateTime) return;
                Interlocked.Increment(ref attempted);
                await HandleAsync(message, ct);
            });
        return attempted;
    }

    private async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AllywardDbContext>();
        db.OutboxMessages.Attach(message);
        try
        {
            var handler = scope.ServiceProvider.GetServices<IOutboxHandler>().SingleOrDefault(h => h.Type == message.Type)
                ?? throw new InvalidOperationException($"No handler for outbox message type '{message.Type}'.");
            await handler.HandleAsync(message, cancellationToken);
            message.ProcessedAt = time.GetUtcNow().UtcDateTime;
            message.LastError = null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // What the failed handler staged is dropped; only the message's own bookkeeping is saved.
            foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity != message && e.State is not (EntityState.Unchanged or EntityState.Detached)).ToList())
            {
                entry.State = EntityState.Detached;
            }
            message.Attempts++;
            message.LastError = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
            var backoff = TimeSpan.FromSeconds(Math.Min(3600, Math.Pow(2, message.Attempts)));
            message.NextAttemptAt = time.GetUtcNow().UtcDateTime + backoff;
            if (message.Attempts >= options.Value.MaxAttempts) message.FailedAt = time.GetUtcNow().UtcDateTime;
            logger.LogWarning(ex, "Outbox message {Id} ({Type}) failed, attempt {Attempt}.", message.Id, message.Type, message.Attempts);
        }
        message.LockedUntil = null;
        message.LockedBy = null;
        await db.SaveChangesAsync(cancellationToken);
    }
}
