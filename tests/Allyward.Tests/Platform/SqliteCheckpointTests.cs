using Allyward.Platform.Data;
using Allyward.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Tests.Platform;

/// <summary>
/// SQLite's write-ahead log is copied back into the database file by the checkpointer beside the writers, not by the
/// commit that happens to grow the log past SQLite's default of 1,000 pages.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class SqliteCheckpointTests(SqliteApp app)
{
    private const int PageSize = 4096;

    [Fact]
    public async Task A_commit_leaves_its_pages_in_the_log_for_the_checkpointer()
    {
        var folder = Directory.CreateTempSubdirectory("allyward-checkpoint-").FullName;
        var file = Path.Combine(folder, "allyward.db");
        var connectionString = $"Data Source={file}";
        var options = new DbContextOptionsBuilder<AllywardDbContext>();
        DatabaseSetup.Configure(options, DatabaseProvider.Sqlite, connectionString);
        try
        {
            await using var db = new AllywardDbContext(options.Options);
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE Filler (Data BLOB NOT NULL)");
            var before = new FileInfo(file).Length;

            await db.Database.ExecuteSqlRawAsync(FillSql(pages: 1_500));

            Assert.Equal(before, new FileInfo(file).Length);
            var checkpoint = await SqliteCheckpointer.CheckpointAsync(db, CancellationToken.None);
            Assert.True(checkpoint.LogPages >= 1_500, $"{checkpoint.LogPages} pages in the log");
            Assert.Equal(checkpoint.LogPages, checkpoint.CopiedPages);
            Assert.True(new FileInfo(file).Length >= before + 1_500L * PageSize);
        }
        finally
        {
            using (var pooled = new SqliteConnection(connectionString)) SqliteConnection.ClearPool(pooled);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_running_app_copies_the_log_into_the_database_file_while_nobody_writes()
    {
        var file = Path.Combine(app.DataFolder, "allyward.db");
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("CREATE TABLE BackgroundFiller (Data BLOB NOT NULL)"));
        try
        {
            var before = new FileInfo(file).Length;
            // Fewer pages than would make even SQLite's default checkpoint copy them at commit.
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(FillSql(pages: 500, table: "BackgroundFiller")));

            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (new FileInfo(file).Length < before + 500L * PageSize && DateTime.UtcNow < deadline) await Task.Delay(50);

            Assert.True(new FileInfo(file).Length >= before + 500L * PageSize,
                $"the database file grew by {new FileInfo(file).Length - before} bytes");
        }
        finally
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TABLE BackgroundFiller"));
        }
    }

    /// <summary>Rows of a little less than a page each, so that every row takes a page of its own.</summary>
    private static string FillSql(int pages, string table = "Filler") =>
        $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {pages}) " +
        $"INSERT INTO {table} SELECT randomblob({PageSize - 200}) FROM n";
}
