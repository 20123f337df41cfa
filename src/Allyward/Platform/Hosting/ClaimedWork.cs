using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Platform.Hosting;

/// <summary>
/// Scheduled work done item by item — an expiry, a reminder — where claiming an item and queueing its side effects
/// (history, notification, mail, webhook, audit entry) are one save, so one transaction: a crash before the commit
/// leaves the item due and nothing sent, a crash after it leaves the item done and everything queued in the outbox.
/// Several nodes may run the same work at once: the claim is a tracked change that only one of them can save — a move
/// of an <see cref="IVersioned"/> entity, or a row under a unique key — and the node whose save fails drops the item
/// with everything it had queued for it.
/// </summary>
public abstract class ClaimedWork<TItem>(AllywardDbContext db, TimeProvider time)
{
    protected AllywardDbContext Db { get; } = db;
    protected TimeProvider Time { get; } = time;

    /// <summary>Items found per run; the rest wait for the next one.</summary>
    protected virtual int BatchSize => 500;

    /// <summary>The items due at <paramref name="now"/>, oldest first, at most <paramref name="limit"/>.</summary>
    protected abstract Task<IReadOnlyList<TItem>> FindDueAsync(DateTime now, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the item and queues its side effects, as tracked changes of the context (no <c>ExecuteUpdate</c>, no
    /// save); false when the item turns out not to be due any more.
    /// </summary>
    protected abstract Task<bool> ClaimAsync(TItem item, DateTime now, CancellationToken cancellationToken);

    /// <summary>Does the items due now.</summary>
    /// <returns>How many items this run did.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        return await DoAsync(await FindDueAsync(now, BatchSize, cancellationToken), now, cancellationToken);
    }

    /// <summary>Does the given items, each claimed as in a scheduled run (for work that people may also start).</summary>
    protected async Task<int> DoAsync(IEnumerable<TItem> items, DateTime now, CancellationToken cancellationToken)
    {
        var done = 0;
        foreach (var item in items)
        {
            Db.ChangeTracker.Clear();
            if (!await ClaimAsync(item, now, cancellationToken)) continue;
            try
            {
                await Db.SaveChangesAsync(cancellationToken);
                done++;
            }
            catch (DbUpdateException conflict) when (LostRaces.IsLostRace(conflict))
            {
                // Another node claimed it first: its save stands, ours is dropped with everything it queued.
                Db.ChangeTracker.Clear();
            }
        }
        return done;
    }
}
