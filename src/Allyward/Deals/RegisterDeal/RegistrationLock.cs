using System.Globalization;
using Allyward.Deals.Conflicts;
using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Deals.RegisterDeal;

/// <summary>
/// The transaction in which a registration is approved automatically, holding a lock from the conflict search to
/// the commit, so that of several registrations of one customer submitted at the same instant only the first (by
/// server time) can be approved. On PostgreSQL it takes a transaction-scoped advisory lock on each of the customer's
/// match keys (filed and probed), in ascending order: two customers the matcher could take for one share a key,
/// so they wait for each other, while unrelated registrations go ahead in parallel on every node. SQLite has one
/// writer and one node: the transaction takes the database's write turn (<see cref="SqliteWrites"/>).
/// </summary>
public sealed class RegistrationLock : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task> _commit;
    private readonly IAsyncDisposable _release;

    private RegistrationLock(Func<CancellationToken, Task> commit, IAsyncDisposable release) => (_commit, _release) = (commit, release);

    public static async Task<RegistrationLock> BeginAsync(AllywardDbContext db, CustomerIdentity customer, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            var queued = await SqliteWrites.BeginTransactionAsync(db, cancellationToken);
            return new RegistrationLock(queued.CommitAsync, queued);
        }
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var keys = MatchKeys.Filed(customer).Union(MatchKeys.Probes(customer)).Order().ToList();
        // One round trip; the statements run in order, and the keys are numbers, so inlining them is safe.
        var sql = string.Concat(keys.Select(key => $"SELECT pg_advisory_xact_lock({key.ToString(CultureInfo.InvariantCulture)});"));
        if (sql.Length > 0) await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
        return new RegistrationLock(transaction.CommitAsync, transaction);
    }

    public Task CommitAsync(CancellationToken cancellationToken) => _commit(cancellationToken);

    public ValueTask DisposeAsync() => _release.DisposeAsync();
}
