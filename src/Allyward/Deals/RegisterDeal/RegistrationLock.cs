using Allyward.Customers;
using System.Collections.Concurrent;
using Allyward.Deals.Conflicts;
using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Deals.RegisterDeal;

/// <summary>
/// Holds a lock on a customer from the conflict search to the commit while a registration is approved automatically,
/// so that of several registrations of one customer submitted at the same instant only the first (by server time)
/// can be approved. The lock is taken on each of the customer's match keys (filed and probed), in ascending order:
/// two customers the matcher could take for one share a key, so they wait for each other, while unrelated
/// registrations go ahead in parallel. On PostgreSQL these are transaction-scoped advisory locks, which hold across
/// nodes, taken in the same round trip as the conflict search; SQLite runs on one node, so they are locks in this
/// process, released once the registration is saved.
/// </summary>
public sealed class RegistrationLock : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task> _commit;
    private readonly IAsyncDisposable _release;

    private RegistrationLock(IReadOnlyList<(ConflictCandidate Deal, IReadOnlyList<MatchReason> Reasons)> conflicts, Func<CancellationToken, Task> commit, IAsyncDisposable release) =>
        (Conflicts, _commit, _release) = (conflicts, commit, release);

    /// <summary>The customer's conflicting registrations, searched for once the lock was held.</summary>
    public IReadOnlyList<(ConflictCandidate Deal, IReadOnlyList<MatchReason> Reasons)> Conflicts { get; }

    /// <summary>Locks the customer, then looks for its conflicts; on PostgreSQL both go in one round trip.</summary>
    public static async Task<RegistrationLock> BeginAsync(AllywardDbContext db, ConflictFinder finder, CustomerIdentity customer, CancellationToken cancellationToken)
    {
        var keys = MatchKeys.Filed(customer).Union(MatchKeys.Probes(customer)).Order().ToList();
        if (!db.Database.IsNpgsql())
        {
            var held = await KeyLocks.For(db.Database.GetConnectionString() ?? "").AcquireAsync(keys, cancellationToken);
            try
            {
                // The registration's one save is atomic by itself; the locks are let go after it.
                return new RegistrationLock(await finder.FindAsync(customer, null, cancellationToken), _ => Task.CompletedTask, held);
            }
            catch
            {
                await held.DisposeAsync();
                throw;
            }
        }
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            // A failed save is not retried within the transaction, so it needs no savepoint (two round trips each).
            db.Database.AutoSavepointsEnabled = false;
            var conflicts = await finder.FindAsync(customer, null, cancellationToken, lockingFirst: keys);
            return new RegistrationLock(conflicts, transaction.CommitAsync, new Release(db, transaction));
        }
        catch
        {
            await new Release(db, transaction).DisposeAsync();
            throw;
        }
    }

    public Task CommitAsync(CancellationToken cancellationToken) => _commit(cancellationToken);

    public ValueTask DisposeAsync() => _release.DisposeAsync();

    private sealed class Release(AllywardDbContext db, IAsyncDisposable transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            db.Database.AutoSavepointsEnabled = true;
            await transaction.DisposeAsync();
        }
    }

    /// <summary>Locks by 64-bit key within this process, one set per database; an unused key takes no memory.</summary>
    private sealed class KeyLocks
    {
        private static readonly ConcurrentDictionary<string, KeyLocks> Databases = new();
        private readonly Dictionary<long, (SemaphoreSlim Gate, int Holders)> _locks = [];

        public static KeyLocks For(string database) => Databases.GetOrAdd(database, _ => new KeyLocks());

        /// <param name="keys">In ascending order, so that two callers never wait for each other in a circle.</param>
        public async Task<IAsyncDisposable> AcquireAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken)
        {
            var held = new Held(this);
            try
            {
                foreach (var key in keys)
                {
                    var gate = Join(key);
                    try
                    {
                        await gate.WaitAsync(cancellationToken);
                    }
                    catch
                    {
                        Leave(key, release: false);
                        throw;
                    }
                    held.Keys.Add(key);
                }
                return held;
            }
            catch
            {
                await held.DisposeAsync();
                throw;
            }
        }

        private SemaphoreSlim Join(long key)
        {
            lock (_locks)
            {
                var (gate, holders) = _locks.TryGetValue(key, out var entry) ? entry : (new SemaphoreSlim(1, 1), 0);
                _locks[key] = (gate, holders + 1);
                return gate;
            }
        }

        private void Leave(long key, bool release)
        {
            lock (_locks)
            {
                var (gate, holders) = _locks[key];
                if (release) gate.Release();
                if (holders == 1) _locks.Remove(key);
                else _locks[key] = (gate, holders - 1);
            }
        }

        private sealed class Held(KeyLocks locks) : IAsyncDisposable
        {
            public List<long> Keys { get; } = [];

            public ValueTask DisposeAsync()
            {
                foreach (var key in Keys) locks.Leave(key, release: true);
                Keys.Clear();
                return ValueTask.CompletedTask;
            }
        }
    }
}
