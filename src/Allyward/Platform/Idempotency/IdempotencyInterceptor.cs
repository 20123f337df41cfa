using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Allyward.Platform.Idempotency;

/// <summary>The key a running request holds (see <see cref="IdempotentRequests"/>), as a feature of its HTTP context.</summary>
internal sealed class IdempotencyClaim(Guid id)
{
    public Guid Id { get; } = id;

    /// <summary>True once a save of the request's change, and with it the key's <see cref="IdempotencyKey.CommittedAt"/>, committed.</summary>
    public bool Committed { get; set; }

    /// <summary>The key's row in a save under way, to be let go of if that save fails.</summary>
    public EntityEntry<IdempotencyKey>? Saving { get; set; }
}

/// <summary>
/// Adds "committed" to the key of the request being served to the first save that changes anything, so the change and
/// the mark commit together: a node that dies after the commit leaves a key that says the work was done, one that dies
/// before leaves a key a retry may take over, with nothing done.
/// </summary>
internal sealed class IdempotencyInterceptor(IHttpContextAccessor http, TimeProvider time) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Mark(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Mark(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Failed(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Context);
        return Task.CompletedTask;
    }

    private IdempotencyClaim? Claim => http.HttpContext?.Features.Get<IdempotencyClaim>();

    private void Mark(DbContext? context)
    {
        if (context is null || Claim is not { Committed: false } claim) return;
        var entries = context.ChangeTracker.Entries().ToList();
        if (!entries.Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && e.Entity is not IdempotencyKey)) return;
        var entry = context.ChangeTracker.Entries<IdempotencyKey>().FirstOrDefault(e => e.Entity.Id == claim.Id)
                    ?? context.Attach(new IdempotencyKey { Id = claim.Id });
        entry.Entity.CommittedAt = time.GetUtcNow().UtcDateTime;
        entry.Property(k => k.CommittedAt).IsModified = true;
        claim.Saving = entry;
    }

    private void Saved(DbContext? context)
    {
        if (Claim is not { Saving: { } entry } claim || entry.Context != context) return;
        claim.Committed = true;
        claim.Saving = null;
        entry.State = EntityState.Detached;
    }

    private void Failed(DbContext? context)
    {
        if (Claim is not { Saving: { } entry } claim || entry.Context != context) return;
        claim.Saving = null;
        entry.State = EntityState.Detached;
    }
}
