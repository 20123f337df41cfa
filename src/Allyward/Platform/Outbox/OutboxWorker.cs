using Allyward.Platform.Isolation;
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
    IOptions<OutboxOptions> options, ILogger<OutboxWorker> logger, Hosting.AllywardMetrics metrics) : BackgroundService
{
    private const int MinPartSize = 8;

    private readonly string _node = $"{Environment.MachineName}/{Guid.NewGuid():N}";

    /// <summary>How long a stopping node gives the messages it holds to finish before it lets go of them.</summary>
    private static readonly TimeSpan FinishGrace = TimeSpan.FromSeconds(10);

    /// <summary>Cancelled <see cref="FinishGrace"/> after the node was asked to stop: claimed messages finish under this, not the stop.</summary>
    private readonly CancellationTokenSource _finishing = new();

    /// <summary>The first look again after a wake-up that found nothing due; each next one waits twice as long.</summary>
    private static readonly TimeSpan FirstRecheck = TimeSpan.FromMilliseconds(50);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var signalled = false;
        TimeSpan? recheck = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var handled = await DrainOnceAsync(stoppingToken);
                if (handled > 0)
                {
                    recheck = null;
                    continue;
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Outbox drain failed; it is tried again at the next wake-up or poll.");
            }
            // A message is signalled as it is queued, before the save that holds it commits, so a wake-up may find
            // nothing yet: look again soon, then less and less often, rather than leaving it for the poll interval.
            var pollInterval = options.Value.PollInterval;
            recheck = signalled ? FirstRecheck : recheck * 2;
            if (recheck >= pollInterval) recheck = null;
            try
            {
                signalled = await signal.WaitAsync(recheck ?? pollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Claims one batch of due messages with a single conditional update (the lease names this batch, so several
    /// nodes never claim one message twice), splits it into <see cref="OutboxOptions.Concurrency"/> parts handled
    /// side by side, and returns how many messages were attempted. A part is one unit of work: the changes its
    /// handlers staged are saved with the messages' completion in one transaction at its end (a failed handler's
    /// changes are dropped). A node that dies mid-part hands that part over when the lease runs out; handlers are
    /// idempotent, so nothing is lost or done twice in the database.
    /// </summary>
    public async Task<int> DrainOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var claim = $"{_node}/{Guid.NewGuid():N}";
        List<OutboxMessage> claimed;
        await using (var scope = scopes.CreateAsSystemScope())
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
        if (claimed.Count == 0) return 0;

        // Parts of a few messages at least: each part is a transaction, and a small batch gains nothing from splitting.
        var partSize = Math.Max(MinPartSize, (claimed.Count + settings.Concurrency - 1) / Math.Max(1, settings.Concurrency));
        // A node asked to stop claims nothing more but finishes what it holds (SIGTERM in a rolling restart).
        var attempted = await Task.WhenAll(claimed.Chunk(partSize).Select(part => HandleAsync(part, _finishing.Token)));
        return attempted.Sum();
    }

    /// <summary>
    /// On a graceful stop: stops claiming, gives the messages in hand <see cref="FinishGrace"/> to finish, then lets go of
    /// any lease this node still holds, so another node takes those messages at once instead of after the lease.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _finishing.CancelAfter(FinishGrace);
        try
        {
            await base.StopAsync(cancellationToken);
        }
        finally
        {
            await ReleaseLeasesAsync();
        }
    }

    private async Task ReleaseLeasesAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsSystemScope();
            var db = scope.ServiceProvider.GetRequiredService<AllywardDbContext>();
            var released = await db.OutboxMessages
                .Where(m => m.LockedBy != null && m.LockedBy.StartsWith(_node) && m.ProcessedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, (DateTime?)null).SetProperty(m => m.LockedBy, (string?)null));
            if (released > 0) logger.LogInformation("Stopping: let go of {Count} outbox messages for another node to deliver.", released);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Stopping: the outbox leases of this node could not be let go; they run out after the lease time.");
        }
    }

    private async Task<int> HandleAsync(OutboxMessage[] part, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AllywardDbContext>();
        var handlers = scope.ServiceProvider.GetServices<IOutboxHandler>().ToDictionary(h => h.Type);
        db.OutboxMessages.AttachRange(part);
        foreach (var ofType in part.GroupBy(m => m.Type))
        {
            if (!handlers.TryGetValue(ofType.Key, out var handler)) continue;
            try
            {
                await handler.PrepareAsync(ofType.ToList(), cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Preparing {Count} outbox messages of type {Type} failed; they are handled one by one.", ofType.Count(), ofType.Key);
            }
        }
        var attempted = 0;
        foreach (var message in part)
        {
            // A lease that ran out while earlier messages were handled may have passed to another node.
            if (message.LockedUntil <= time.GetUtcNow().UtcDateTime) break;
            attempted++;
            using var requestScope = logger.BeginScope(new Dictionary<string, object?> { ["RequestId"] = message.RequestId, ["OutboxMessageId"] = message.Id });
            var stagedBefore = Staged(db, part).Select(e => e.Entity).ToHashSet(ReferenceEqualityComparer.Instance);
            try
            {
                if (!handlers.TryGetValue(message.Type, out var handler)) throw new InvalidOperationException($"No handler for outbox message type '{message.Type}'.");
                await handler.HandleAsync(message, cancellationToken);
                message.ProcessedAt = time.GetUtcNow().UtcDateTime;
                message.LastError = null;
                logger.LogDebug("Outbox message {Id} ({Type}) of request {RequestId} delivered.", message.Id, message.Type, message.RequestId);
                metrics.Delivered(message.Type);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                foreach (var entry in Staged(db, part).Where(e => !stagedBefore.Contains(e.Entity))) entry.State = EntityState.Detached;
                message.Attempts++;
                message.LastError = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
                var backoff = TimeSpan.FromSeconds(Math.Min(3600, Math.Pow(2, message.Attempts)));
                message.NextAttemptAt = time.GetUtcNow().UtcDateTime + backoff;
                if (message.Attempts >= options.Value.MaxAttempts) message.FailedAt = time.GetUtcNow().UtcDateTime;
                metrics.DeliveryFailed(message.Type);
                logger.LogWarning(ex, "Outbox message {Id} ({Type}) of request {RequestId} failed, attempt {Attempt}.", message.Id, message.Type, message.RequestId, message.Attempts);
            }
            message.LockedUntil = null;
            message.LockedBy = null;
        }
        await db.SaveChangesAsync(cancellationToken);
        return attempted;
    }

    /// <summary>Changes waiting to be saved other than the part's own bookkeeping (new outbox messages count).</summary>
    private static List<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry> Staged(AllywardDbContext db, OutboxMessage[] part) =>
        db.ChangeTracker.Entries().Where(e => !(e.Entity is OutboxMessage own && part.Contains(own)) && e.State is not (EntityState.Unchanged or EntityState.Detached)).ToList();
}
