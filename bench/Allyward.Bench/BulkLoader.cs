using System.Diagnostics;
using System.Globalization;
using Allyward.Deals;
using Allyward.Deals.Conflicts;
using Allyward.Platform.Data;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Allyward.Bench;

/// <summary>
/// Writes generated registrations straight into the tables the app uses, with the match keys it would file,
/// in the formats EF Core writes: binary COPY on PostgreSQL, one prepared insert per row on SQLite.
/// </summary>
public static class BulkLoader
{
    private const string DealColumns = "\"Id\", \"PartnerId\", \"CustomerName\", \"CustomerWebsite\", \"ContactName\", \"ContactEmail\", \"CustomerCountry\", " +
        "\"CustomerDomain\", \"NameKey\", \"Products\", \"AmountMinor\", \"Currency\", \"ExpectedCloseDate\", \"Notes\", \"CustomFields\", \"Status\", " +
        "\"SubmittedAt\", \"RegisteredById\", \"RegisteredByName\", \"DecidedAt\", \"DecidedByName\", \"DecisionReason\", \"ProtectedUntil\", \"ExpiryReminderSentAt\", \"Version\"";

    public static async Task<TimeSpan> LoadPostgresAsync(string connectionString, IEnumerable<Deal> deals)
    {
        var watch = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var keys = new List<(long Key, Guid DealId)>();
        await using (var writer = await connection.BeginBinaryImportAsync($"COPY \"Deals\" ({DealColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var d in deals)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(d.Id, NpgsqlDbType.Uuid);
                await writer.WriteAsync(d.PartnerId, NpgsqlDbType.Uuid);
                await writer.WriteAsync(d.CustomerName, NpgsqlDbType.Varchar);
                await WriteNullableAsync(writer, d.CustomerWebsite);
                await WriteNullableAsync(writer, d.ContactName);
                await WriteNullableAsync(writer, d.ContactEmail);
                await writer.WriteAsync(d.CustomerCountry, NpgsqlDbType.Varchar);
                await WriteNullableAsync(writer, d.CustomerDomain);
                await writer.WriteAsync(d.NameKey, NpgsqlDbType.Varchar);
                await writer.WriteAsync(d.Products, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await writer.WriteAsync(d.AmountMinor, NpgsqlDbType.Bigint);
                await writer.WriteAsync(d.Currency, NpgsqlDbType.Varchar);
                await writer.WriteAsync(d.ExpectedCloseDate, NpgsqlDbType.Date);
                await writer.WriteNullAsync();
                await writer.WriteAsync("{}", NpgsqlDbType.Text);
                await writer.WriteAsync(d.Status.ToString(), NpgsqlDbType.Varchar);
                await writer.WriteAsync(d.SubmittedAt, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(d.RegisteredById, NpgsqlDbType.Uuid);
                await writer.WriteAsync(d.RegisteredByName, NpgsqlDbType.Varchar);
                await WriteNullableAsync(writer, d.DecidedAt);
                await WriteNullableAsync(writer, d.DecidedByName);
                await writer.WriteNullAsync();
                await WriteNullableAsync(writer, d.ProtectedUntil);
                await WriteNullableAsync(writer, d.ExpiryReminderSentAt);
                await writer.WriteAsync(d.Version, NpgsqlDbType.Integer);
                if (IsOpen(d)) keys.AddRange(MatchKeys.Filed(d.Identity).Select(k => (k, d.Id)));
            }
            await writer.CompleteAsync();
        }
        await using (var writer = await connection.BeginBinaryImportAsync("COPY \"DealMatchKeys\" (\"Key\", \"DealId\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (key, dealId) in keys)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(key, NpgsqlDbType.Bigint);
                await writer.WriteAsync(dealId, NpgsqlDbType.Uuid);
            }
            await writer.CompleteAsync();
        }
        foreach (var table in new[] { "Deals", "DealMatchKeys" })
        {
            await using var vacuum = new NpgsqlCommand($"VACUUM ANALYZE \"{table}\"", connection) { CommandTimeout = 0 };
            await vacuum.ExecuteNonQueryAsync();
        }
        // Write the loaded pages out now, so that the measurements do not pay for the load's checkpoint.
        await using (var checkpoint = new NpgsqlCommand("CHECKPOINT", connection) { CommandTimeout = 0 })
        {
            await checkpoint.ExecuteNonQueryAsync();
        }
        return watch.Elapsed;
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter writer, string? value) =>
        value is null ? writer.WriteNullAsync() : writer.WriteAsync(value, NpgsqlDbType.Varchar);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter writer, DateTime? value) =>
        value is null ? writer.WriteNullAsync() : writer.WriteAsync(value.Value, NpgsqlDbType.TimestampTz);

    public static TimeSpan LoadSqlite(string connectionString, IEnumerable<Deal> deals)
    {
        var watch = Stopwatch.StartNew();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using (var tuning = connection.CreateCommand())
        {
            // A cache that holds the growing indexes, so a page is written once rather than on every spill.
            tuning.CommandText = "PRAGMA cache_size = -4000000; PRAGMA synchronous = OFF;";
            tuning.ExecuteNonQuery();
        }
        var transaction = connection.BeginTransaction();
        var columns = DealColumns.Split(", ");
        using var insertDeal = connection.CreateCommand();
        insertDeal.CommandText = $"INSERT INTO \"Deals\" ({DealColumns}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        var p = columns.Select((_, i) => insertDeal.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
        using var insertKey = connection.CreateCommand();
        insertKey.CommandText = "INSERT INTO \"DealMatchKeys\" (\"Key\", \"DealId\") VALUES ($key, $deal)";
        var keyParameter = insertKey.Parameters.Add(new SqliteParameter("$key", null));
        var dealParameter = insertKey.Parameters.Add(new SqliteParameter("$deal", null));
        insertDeal.Prepare();
        insertKey.Prepare();
        var rows = 0;
        foreach (var d in deals)
        {
            if (++rows % 100_000 == 0)
            {
                transaction.Commit();
                transaction = connection.BeginTransaction();
                insertDeal.Transaction = insertKey.Transaction = transaction;
            }
            object?[] values =
            [
                Text(d.Id), Text(d.PartnerId), d.CustomerName, d.CustomerWebsite, d.ContactName, d.ContactEmail, d.CustomerCountry, d.CustomerDomain,
                d.NameKey, System.Text.Json.JsonSerializer.Serialize(d.Products), d.AmountMinor, d.Currency, d.ExpectedCloseDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                null, "{}", d.Status.ToString(), Text(d.SubmittedAt), Text(d.RegisteredById), d.RegisteredByName, Text(d.DecidedAt), d.DecidedByName, null,
                Text(d.ProtectedUntil), Text(d.ExpiryReminderSentAt), d.Version,
            ];
            for (var i = 0; i < values.Length; i++) p[i].Value = values[i] ?? DBNull.Value;
            insertDeal.ExecuteNonQuery();
            dealParameter.Value = Text(d.Id);
            foreach (var key in IsOpen(d) ? MatchKeys.Filed(d.Identity) : [])
            {
                keyParameter.Value = key;
                insertKey.ExecuteNonQuery();
            }
        }
        transaction.Commit();
        transaction.Dispose();
        using (var analyze = connection.CreateCommand())
        {
            analyze.CommandText = "ANALYZE";
            analyze.ExecuteNonQuery();
        }
        return watch.Elapsed;
    }

    /// <summary>
    /// After the warm-up's registrations: vacuum, analyse and checkpoint again, so that the measurements do not share
    /// the machine with the database catching up on them (autovacuum, a checkpoint, or on SQLite a long log).
    /// </summary>
    public static async Task SettleAsync(DatabaseProvider provider, string connectionString)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            foreach (var step in new[] { "VACUUM ANALYZE", "CHECKPOINT" })
            {
                await using var settle = new NpgsqlCommand(step, connection) { CommandTimeout = 0 };
                await settle.ExecuteNonQueryAsync();
            }
            return;
        }
        await using (var sqlite = new SqliteConnection(connectionString))
        {
            await sqlite.OpenAsync();
            await using var settle = sqlite.CreateCommand();
            settle.CommandText = "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);";
            await settle.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Only deals that can still conflict are filed for conflict search, as the app does.</summary>
    private static bool IsOpen(Deal deal) => deal.Status is DealStatus.Submitted or DealStatus.Approved;

    // EF Core stores GUIDs on SQLite as upper-case text and date-times as ISO text without a zone.
    private static string Text(Guid id) => id.ToString().ToUpperInvariant();

    private static string? Text(DateTime? at) => at?.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
}
