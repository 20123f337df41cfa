using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Platform.Data;

/// <summary>
/// A consistent copy of a running SQLite database through SQLite's online backup API: it reads one snapshot while the
/// app goes on writing (write-ahead log), so the copy holds every transaction committed before it began and no part of
/// a later one. Copying the file itself while the app runs is not a backup: the log holds recent commits.
/// </summary>
public static class SqliteBackup
{
    public static async Task<long> BackupAsync(AllywardDbContext db, string destination, CancellationToken cancellationToken = default)
    {
        if (!db.Database.IsSqlite()) throw new InvalidOperationException("db backup copies SQLite databases; back up PostgreSQL with pg_dump (docs/BACKUP.md).");
        var path = Path.GetFullPath(destination);
        if (File.Exists(path)) throw new InvalidOperationException($"{path} exists already; choose a new file.");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var source = new SqliteConnection(db.Database.GetConnectionString());
        await source.OpenAsync(cancellationToken);
        await using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            await target.OpenAsync(cancellationToken);
            source.BackupDatabase(target);
            // The copy stands alone: one file, no write-ahead log beside it.
            await using var journal = target.CreateCommand();
            journal.CommandText = "PRAGMA journal_mode=DELETE;";
            await journal.ExecuteNonQueryAsync(cancellationToken);
        }
        return new FileInfo(path).Length;
    }
}
