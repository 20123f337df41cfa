using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Allyward.Bench;

/// <summary>A column of a bulk-loaded table and its PostgreSQL type (SQLite takes the EF Core text forms).</summary>
public sealed record Column(string Name, NpgsqlDbType Type);

/// <summary>
/// Writes rows straight into one of the app's tables, in the formats EF Core writes: binary COPY on PostgreSQL, one
/// prepared insert per row (100,000 to a transaction) on SQLite. Values are Guid, DateTime (UTC), string, int, bool
/// or null, in the columns' order.
/// </summary>
public static class TableLoader
{
    public static async Task<int> LoadPostgresAsync(NpgsqlConnection connection, string table, IReadOnlyList<Column> columns, IEnumerable<object?[]> rows)
    {
        var count = 0;
        var names = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        await using var writer = await connection.BeginBinaryImportAsync($"COPY \"{table}\" ({names}) FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            await writer.StartRowAsync();
            for (var i = 0; i < columns.Count; i++)
            {
                if (row[i] is null) await writer.WriteNullAsync();
                else await writer.WriteAsync(row[i], columns[i].Type);
            }
            count++;
        }
        await writer.CompleteAsync();
        return count;
    }

    public static SqliteConnection OpenSqlite(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var tuning = connection.CreateCommand();
        // A cache that holds the growing indexes, so a page is written once rather than on every spill.
        tuning.CommandText = "PRAGMA cache_size = -4000000; PRAGMA synchronous = OFF;";
        tuning.ExecuteNonQuery();
        return connection;
    }

    public static int LoadSqlite(SqliteConnection connection, string table, IReadOnlyList<Column> columns, IEnumerable<object?[]> rows)
    {
        var count = 0;
        var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) " +
            $"VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        var p = columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
        insert.Prepare();
        foreach (var row in rows)
        {
            if (++count % 100_000 == 0)
            {
                transaction.Commit();
                transaction.Dispose();
                transaction = connection.BeginTransaction();
                insert.Transaction = transaction;
            }
            for (var i = 0; i < p.Length; i++) p[i].Value = SqliteValue(row[i]);
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
        transaction.Dispose();
        return count;
    }

    /// <summary>EF Core stores GUIDs on SQLite as upper-case text, date-times as ISO text without a zone, booleans as 0 and 1.</summary>
    public static object SqliteValue(object? value) => value switch
    {
        null => DBNull.Value,
        Guid id => id.ToString().ToUpperInvariant(),
        DateTime at => at.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        bool b => b ? 1 : 0,
        _ => value,
    };

    /// <summary>Runs <paramref name="load"/> and says how many rows it wrote and how long it took.</summary>
    public static async Task<int> TimedAsync(string table, Func<Task<int>> load)
    {
        var watch = Stopwatch.StartNew();
        var rows = await load();
        Console.WriteLine($"  {table}: {rows:N0} rows in {watch.Elapsed.TotalSeconds:0.0} s");
        return rows;
    }
}
