using System.Diagnostics;
using Allyward.Deals.Conflicts;
using Allyward.Deals.RegisterDeal;
using Npgsql;

namespace Allyward.Bench;

/// <summary>What PostgreSQL does on its own on the same data and machine, to compare Allyward against.</summary>
public static class References
{
    /// <summary>
    /// A trigram similarity search (<c>pg_trgm</c>, GIN index) for the same names the conflict check looked up,
    /// over the open and protected registrations, straight over Npgsql (no HTTP, no matcher).
    /// </summary>
    public static async Task<Result> TrigramLookupAsync(string connectionString, IReadOnlyList<CustomerRequest> probes, TimeSpan duration)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var watch = Stopwatch.StartNew();
        await using (var index = new NpgsqlCommand(
            "CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE INDEX IF NOT EXISTS bench_deals_name_trgm ON \"Deals\" USING gin (\"NameKey\" gin_trgm_ops); ANALYZE \"Deals\";",
            connection) { CommandTimeout = 0 })
        {
            await index.ExecuteNonQueryAsync();
        }
        Console.WriteLine($"  pg_trgm GIN index built in {watch.Elapsed.TotalSeconds:0} s");

        await using var lookup = new NpgsqlCommand(
            """
            SELECT "Id", similarity("NameKey", $1) AS score FROM "Deals"
            WHERE "NameKey" % $1 AND ("Status" = 'Submitted' OR ("Status" = 'Approved' AND "ProtectedUntil" > now()))
            ORDER BY score DESC LIMIT 50
            """, connection);
        var name = lookup.Parameters.Add(new NpgsqlParameter { Value = "" });
        await lookup.PrepareAsync();
        var names = probes.Select(p => CustomerIdentity.NormalizeName(p.CompanyName!)).ToList();
        return await Measure.ClosedLoopAsync("pg_trgm lookup (reference)", 1, int.MaxValue, duration, async (_, i) =>
        {
            name.Value = names[i % names.Count];
            await using var reader = await lookup.ExecuteReaderAsync();
            while (await reader.ReadAsync()) { }
            return true;
        });
    }

    /// <summary>
    /// Single-row INSERTs of a deal, each its own transaction, into the same deals table (its million rows, indexes
    /// and foreign key). It runs after Allyward's own measurements, so its rows never meet them.
    /// </summary>
    public static async Task<Result> RawInsertAsync(string connectionString, int clients, TimeSpan duration, Guid partnerId)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        return await Measure.ClosedLoopAsync("raw INSERT (reference)", clients, int.MaxValue, duration, async (_, _) =>
        {
            await using var insert = source.CreateCommand(
                """
                INSERT INTO "Deals" ("Id", "PartnerId", "CustomerName", "ContactEmail", "CustomerCountry", "CustomerDomain", "NameKey", "Products",
                    "AmountMinor", "Currency", "ExpectedCloseDate", "CustomFields", "Status", "SubmittedAt", "RegisteredById", "RegisteredByName")
                VALUES ($1, $2, $3, 'buyer@example.org', 'US', NULL, $4, ARRAY['Platform'], 2500000, 'USD', current_date + 60, '{}', 'Submitted', now(), $2, 'Bench Seller')
                """);
            var name = $"Raw Customer {Guid.NewGuid():N}";
            insert.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7() });
            insert.Parameters.Add(new NpgsqlParameter { Value = partnerId });
            insert.Parameters.Add(new NpgsqlParameter { Value = name });
            insert.Parameters.Add(new NpgsqlParameter { Value = name.ToLowerInvariant() });
            await insert.ExecuteNonQueryAsync();
            return true;
        });
    }
}
