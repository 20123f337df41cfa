using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Allyward.Platform.Data;

/// <summary>
/// An entity two people may change at once (a deal two reviewers decide, a task two people complete). Every save
/// that changes it adds one to <see cref="Version"/> and succeeds only if the row still has the version it was read
/// with: of two concurrent changes, the second fails with <see cref="DbUpdateConcurrencyException"/>, which use cases
/// answer as a conflict (409) with the current state.
/// </summary>
public interface IVersioned
{
    /// <summary>The concurrency token; Allyward sets it, nothing else does.</summary>
    int Version { get; }
}

public static class Versioning
{
    /// <summary>Adds one to the version of every changed <see cref="IVersioned"/> entity (called before each save).</summary>
    /// <remarks>The caller has detected the changes: looking for them again here would cost a second pass over every tracked entity.</remarks>
    internal static void Advance(ChangeTracker tracker)
    {
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var entry in tracker.Entries<IVersioned>())
            {
                if (entry.State != EntityState.Modified) continue;
                var version = entry.Property<int>(nameof(IVersioned.Version));
                version.CurrentValue = version.OriginalValue + 1;
            }
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <summary>
    /// Saves; when someone else changed one of the saved entities since it was read, saves nothing, forgets the
    /// tracked changes and answers false, so the caller can answer with the current state.
    /// </summary>
    public static async Task<bool> TrySaveAsync(this AllywardDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
