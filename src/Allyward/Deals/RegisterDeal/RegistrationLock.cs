using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Deals.RegisterDeal;

/// <summary>
/// Serializes the decision to approve a registration automatically, so that of several registrations of one
/// customer submitted at the same instant only the first (by server time) can be approved. On PostgreSQL it is
/// a transaction-scoped advisory lock shared by every node; SQLite runs on one node, where a process lock does.
/// </summary>
public static class RegistrationLock
{
    private const long AdvisoryKey = 0x416C6C7944656173; // "AllyDeas"
    private static readonly SemaphoreSlim Local = new(1, 1);

    /// <summary>Takes the lock inside the context's current transaction; dispose after committing.</summary>
    public static async Task<IAsyncDisposable> AcquireAsync(AllywardDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AdvisoryKey})", cancellationToken);
            return new Release(null);
        }
        await Local.WaitAsync(cancellationToken);
        return new Release(Local);
    }

    private sealed class Release(SemaphoreSlim? semaphore) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            semaphore?.Release();
            return ValueTask.CompletedTask;
        }
    }
}
