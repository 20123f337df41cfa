using System.Collections.Concurrent;
using System.Net;
using Allyward.Platform.Cli;
using Allyward.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Allyward.Tests.Platform;

[Collection(SqliteCollection.Name)]
public sealed class SqliteBackupTests(SqliteApp app)
{
    private static object Deal(string company) => new
    {
        customer = new { companyName = company, country = "DE" },
        amount = 1_000_00,
        currency = "EUR",
        expectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)),
    };

    [Fact]
    public async Task A_backup_taken_while_the_app_writes_restores_every_row_committed_before_it_began()
    {
        var client = await app.ApiClientAsync(Demo.PartnerASales);
        var prefix = $"Backup {Unique.Suffix()}";
        var committed = new ConcurrentDictionary<string, DateTime>(StringComparer.OrdinalIgnoreCase);
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 3).Select(w => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var response = await client.PostJsonAsync("/api/v1/deals", Deal($"{prefix} {w}-{n}")).ExpectJsonAsync(HttpStatusCode.Created);
                committed[response["id"]!.GetValue<string>()] = DateTime.UtcNow;
            }
        })).ToList();
        while (committed.Count < 30) await Task.Delay(20);

        // Everything answered before the backup starts has committed; writes go on while it runs.
        var before = committed.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var file = Path.Combine(Directory.CreateTempSubdirectory("allyward-backup-").FullName, "allyward-backup.db");
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await OperatorCommands.RunAsync(["db", "backup", "--to", file], app.Services, output, error);
        var writtenDuring = committed.Count - before.Count;
        while (committed.Count < before.Count + writtenDuring + 10) await Task.Delay(20);
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        Assert.True(exit == 0, $"{output}{error}");
        Assert.Contains(file, output.ToString());

        // Restore: the copy is a database of its own, whole, with no log beside it.
        var restoredFolder = Directory.CreateTempSubdirectory("allyward-restored-").FullName;
        var restored = Path.Combine(restoredFolder, "allyward.db");
        File.Copy(file, restored);
        Assert.False(File.Exists(file + "-wal"));
        await using var connection = new SqliteConnection($"Data Source={restored};Pooling=False");
        await connection.OpenAsync();
        await using (var check = connection.CreateCommand())
        {
            check.CommandText = "PRAGMA integrity_check;";
            Assert.Equal("ok", (string?)await check.ExecuteScalarAsync());
        }
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using (var query = connection.CreateCommand())
        {
            query.CommandText = "SELECT Id FROM Deals WHERE CustomerName LIKE $prefix";
            query.Parameters.AddWithValue("$prefix", prefix + " %");
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        }
        var missing = before.Where(id => !ids.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {before.Count} rows committed before the backup are not in it.");
        // And nothing that was never committed: every restored row was answered 201.
        Assert.All(ids, id => Assert.True(committed.ContainsKey(id), $"{id} is in the backup but was never answered 201."));

        // A second backup to the same file is refused rather than overwriting it.
        Assert.Equal(1, await OperatorCommands.RunAsync(["db", "backup", "--to", file], app.Services, new StringWriter(), error));
        Directory.Delete(restoredFolder, recursive: true);
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }
}
