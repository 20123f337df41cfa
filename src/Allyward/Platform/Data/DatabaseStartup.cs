using Allyward.Platform.Accounts;
using Allyward.Platform.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allyward.Platform.Data;

/// <summary>
/// Brings the database up to date at start. EF Core holds a database-wide migration lock while it migrates,
/// so several nodes starting at once apply each migration exactly once.
/// </summary>
public sealed class DatabaseStartup(AllywardDbContext db, Isolation.CurrentUser currentUser, IEnumerable<Modules.IStartupTask> startupTasks, DemoData demo, IOptions<AllywardOptions> options, ILogger<DatabaseStartup> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        using var asSystem = currentUser.ActAsSystem();
        var unknown = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Except(db.Database.GetMigrations()).ToList();
        if (unknown.Count > 0)
        {
            // The migrations were squashed into one before any installation needed their history (ADR 0009).
            throw new InvalidOperationException(
                $"The database was made by an earlier development build of Allyward (migrations {string.Join(", ", unknown)}). " +
                "Start from an empty database: delete the SQLite file (data/allyward.db) or drop the PostgreSQL database.");
        }
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0) logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        await db.Database.MigrateAsync(cancellationToken);
        foreach (var task in startupTasks) await task.RunAsync(cancellationToken);
    }

    /// <returns>True when demo data was added by this call.</returns>
    public async Task<bool> PrepareAsync(CancellationToken cancellationToken = default)
    {
        using var asSystem = currentUser.ActAsSystem();
        await MigrateAsync(cancellationToken);
        return options.Value.SeedDemoData && await demo.SeedIfEmptyAsync(cancellationToken);
    }
}
