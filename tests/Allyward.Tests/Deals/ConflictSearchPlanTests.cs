using Allyward.Deals.Conflicts;
using Allyward.Platform.Data;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Tests.Deals;

/// <summary>PostgreSQL settles on one plan for the conflict search instead of planning it on every check.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ConflictSearchPlanTests(PostgresApp app)
{
    [Fact]
    public async Task A_connection_that_meets_short_probe_lists_stops_planning_the_search()
    {
        // Short words give a name few match keys: the customer's whole name and its domain.
        var customer = CustomerIdentity.Of("Red Fox Inc", "https://redfox.example", null);
        Assert.True(MatchKeys.Probes(customer).Count < 4);
        await FileClosedDealsAsync();

        var (generic, custom) = await app.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AllywardDbContext>();
            var finder = services.GetRequiredService<ConflictFinder>();
            // One connection throughout: prepared statements and their plans belong to it.
            await db.Database.OpenConnectionAsync();
            try
            {
                for (var i = 0; i < 20; i++) await finder.FindAsync(customer, null, CancellationToken.None);
                await using var plans = db.Database.GetDbConnection().CreateCommand();
                plans.CommandText = """
                    SELECT generic_plans, custom_plans FROM pg_prepared_statements
                    WHERE statement LIKE '%FROM "DealMatchKeys"%' AND statement LIKE '%ORDER BY d."SubmittedAt"%'
                    """;
                await using var reader = await plans.ExecuteReaderAsync();
                Assert.True(await reader.ReadAsync(), "the conflict search was not prepared on this connection");
                return (reader.GetInt64(0), reader.GetInt64(1));
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });

        // Npgsql prepares it after five runs; PostgreSQL then tries five plans for the values at hand and keeps the
        // generic one for the rest.
        Assert.True(custom <= 5, $"planned for the values at hand {custom} times");
        Assert.True(generic >= 5, $"{generic} runs on the generic plan");
    }

    /// <summary>
    /// Enough filed keys, and statistics on them, for PostgreSQL to plan as it does with real data: 2,000 lost deals
    /// of long ago (no list or queue shows them first) with ten keys each.
    /// </summary>
    private Task FileClosedDealsAsync() => app.WithDbAsync(async db =>
    {
        var partner = await db.Partners.IgnoreQueryFilters().Select(p => p.Id).FirstAsync();
        await db.Database.ExecuteSqlAsync($$"""
            INSERT INTO "Deals" ("Id", "PartnerId", "CustomerName", "CustomerCountry", "NameKey", "Products", "AmountMinor", "Currency",
                "ExpectedCloseDate", "CustomFields", "Status", "SubmittedAt", "RegisteredById", "RegisteredByName", "FiledKeys")
            SELECT gen_random_uuid(), {{partner}}, 'Plan Customer ' || i, 'US', 'plan customer ' || i, ARRAY[]::text[], 0, 'USD',
                DATE '2001-03-01', '{}', 'Lost', TIMESTAMPTZ '2001-01-01', {{partner}}, 'Plan Test',
                ARRAY(SELECT (random() * 9e18)::bigint + i * 0 FROM generate_series(1, 10))
            FROM generate_series(1, 2000) AS i
            """);
        await db.Database.ExecuteSqlRawAsync("""ANALYZE "Deals", "DealMatchKeys" """);
        return 0;
    });
}
