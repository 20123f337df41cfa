using Allyward.Platform.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Allyward.Platform.Data;

/// <summary>
/// Copies SQLite's write-ahead log back into the database file beside the writers. Left to SQLite, the save whose
/// commit grows the log past 1,000 pages copies them all and syncs both files while holding the write turn that every
/// other save waits for. Here a passive checkpoint copies what it can every tenth of a second while saves go on.
/// Saves keep adding pages meanwhile, so the log is hardly ever found wholly copied, which is what lets the next
/// save start it over; that is left to SQLite's own checkpoint, raised to 10,000 pages (<see cref="SqliteTuning"/>),
/// which then copies just the pages written since the last pass here.
/// </summary>
internal sealed class SqliteCheckpointer(IServiceScopeFactory scopes, ILogger<SqliteCheckpointer> logger)
    : PeriodicWork(scopes, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMilliseconds(100);

    protected override Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        CheckpointAsync(services.GetRequiredService<AllywardDbContext>(), cancellationToken);

    /// <summary>Copies the log pages no reader still needs, without waiting for anyone.</summary>
    public static async Task<Checkpoint> CheckpointAsync(AllywardDbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            await using var result = await command.ExecuteReaderAsync(cancellationToken);
            await result.ReadAsync(cancellationToken);
            return new Checkpoint(LogPages: result.GetInt32(1), CopiedPages: result.GetInt32(2));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The pages in the log and how many of them are now in the database file.</summary>
    public readonly record struct Checkpoint(int LogPages, int CopiedPages);
}
