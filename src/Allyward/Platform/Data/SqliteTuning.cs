using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Allyward.Platform.Data;

/// <summary>
/// Settings every SQLite connection gets, once, the first time it opens (pooled connections keep them). In
/// write-ahead-log mode <c>synchronous=NORMAL</c> keeps the database consistent and every committed transaction safe
/// from an application crash, syncing at checkpoints instead of at every commit (a power cut may undo the last
/// moments). A writer that finds the database busy waits inside SQLite, in short steps, instead of failing. Copying
/// the log back into the database is left to <see cref="SqliteCheckpointer"/>; a commit does it only if the log has
/// grown to 10,000 pages (40 MB) all the same.
/// </summary>
internal sealed class SqliteTuning : DbConnectionInterceptor
{
    private const string Pragmas =
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000; PRAGMA wal_autocheckpoint = 10000;";

    /// <summary>The native connections already tuned; a pooled one comes back with the same handle.</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> _tuned = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!NeedsTuning(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!NeedsTuning(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private bool NeedsTuning(DbConnection connection) =>
        connection is not Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle } || _tuned.TryAdd(handle, handle);
}

/// <summary>
/// SQLite lets one writer in at a time and makes the others poll with growing sleeps, which starves writers under
/// load. Allyward runs SQLite on one node, so saves to one database file queue here instead and pass the turn on at
/// once: every save that is not already inside a transaction. Registered after the other save interceptors, the turn
/// is taken once the changes are found and audited, so that only writing them is done one save at a time; the
/// context lets it go when its save ends, however it ends.
/// </summary>
internal sealed class SqliteWriteGate : SaveChangesInterceptor
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (Gated(eventData.Context) is var (db, gate))
        {
            gate.Wait();
            Hold(db, gate);
        }
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Gated(eventData.Context) is var (db, gate))
        {
            await gate.WaitAsync(cancellationToken);
            Hold(db, gate);
        }
        return result;
    }

    /// <summary>Called by the context when a save ends.</summary>
    public static void Release(AllywardDbContext db)
    {
        if (db.HeldWriteGate is not var (gate, detectChanges)) return;
        db.HeldWriteGate = null;
        db.ChangeTracker.AutoDetectChangesEnabled = detectChanges;
        gate.Release();
    }

    private (AllywardDbContext, SemaphoreSlim)? Gated(DbContext? context) =>
        context is AllywardDbContext db && db.Database.CurrentTransaction is null
            ? (db, _gates.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1)))
            : null;

    private static void Hold(AllywardDbContext db, SemaphoreSlim gate)
    {
        db.HeldWriteGate = (gate, db.ChangeTracker.AutoDetectChangesEnabled);
        // The audit interceptor has just found the changes; EF would look for them again while the turn is held.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
    }
}

