using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Allyward.Platform.Data;

/// <summary>
/// Sends a save that only inserts rows, few enough for one batch, without <c>BEGIN</c> and <c>COMMIT</c>, through EF
/// Core's public <see cref="AutoTransactionBehavior"/>. Npgsql sends a batch's statements followed by a single Sync, and
/// PostgreSQL runs everything up to a Sync as one implicit transaction: the save stays all or nothing, and the round trip
/// for <c>COMMIT</c> is saved (one in five of a deal registration's). A save that updates or deletes keeps EF's
/// transaction, because EF checks the rows those statements touched only after the batch ran, and a concurrency failure
/// found then must still undo the whole save. That each insert wrote its row holds as long as no <c>BEFORE INSERT</c>
/// trigger or rule can skip one (the deals' key trigger runs after the insert). See ADR 12 for what it measured.
/// </summary>
internal sealed class PostgresSingleBatchSaves : SaveChangesInterceptor
{
    /// <summary>
    /// A save of more rows than this keeps its transaction. PostgreSQL batches are capped at the same number
    /// (<see cref="DatabaseSetup"/>), so a save this interceptor lets through is always one batch, hence one Sync.
    /// </summary>
    internal const int MaxInsertsInOneBatch = 100;

    /// <summary>The contexts whose current save this changed, to be given their transaction back after it.</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> _changed = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Decide(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Decide(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Restore(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Restore(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Restore(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Restore(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Restore(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Restore(eventData.Context);
        return Task.CompletedTask;
    }

    private void Decide(DbContext? context)
    {
        if (context is null || context.Database.CurrentTransaction is not null || context.Database.AutoTransactionBehavior != AutoTransactionBehavior.WhenNeeded)
        {
            return;
        }
        // The interceptors before this one have detected the changes (and added the audit rows): no second pass.
        var tracker = context.ChangeTracker;
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        var inserts = 0;
        try
        {
            foreach (var entry in tracker.Entries())
            {
                if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;
                if (entry.State != EntityState.Added || ++inserts > MaxInsertsInOneBatch) return;
            }
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
        if (inserts == 0) return;
        context.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
        _changed.AddOrUpdate(context, this);
    }

    private void Restore(DbContext? context)
    {
        if (context is not null && _changed.Remove(context)) context.Database.AutoTransactionBehavior = AutoTransactionBehavior.WhenNeeded;
    }
}
