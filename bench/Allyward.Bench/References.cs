using Allyward.Customers;
using System.Diagnostics;
using Allyward.Deals.Conflicts;
using Allyward.Deals.RegisterDeal;
using Allyward.Platform.Data;
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
    /// and foreign key), through the same driver with the same settings as Allyward, so the statement is prepared
    /// once per connection as Allyward's are. It runs after Allyward's own measurements, so its rows never meet them.
    /// </summary>
    public static async Task<Result> RawInsertAsync(string connectionString, int clients, TimeSpan duration, Guid partnerId)
    {
        await using var source = NpgsqlDataSource.Create(DatabaseSetup.WithPostgresDefaults(connectionString));
        return await Measure.ClosedLoopAsync("raw INSERT (reference)", clients, int.MaxValue, duration, async (_, _) =>
        {
            await using var insert = source.CreateCommand(
                """
                INSERT INTO "Deals" ("Id", "PartnerId", "CustomerName", "ContactEmail", "CustomerCountry", "CustomerDomain", "NameKey", "Products",
                    "AmountMinor", "Currency", "ExpectedCloseDate", "CustomFields", "Status", "SubmittedAt", "RegisteredById", "RegisteredByName", "Version")
                VALUES ($1, $2, $3, 'buyer@example.org', 'US', NULL, $4, ARRAY['Platform'], 2500000, 'USD', current_date + 60, '{}', 'Submitted', now(), $2, 'Bench Seller', 0)
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

    /// <summary>
    /// The database's share of a registration without Allyward around it: the conflict search (Allyward's own
    /// statement), then in one batch and transaction the deal with its match keys and history, audit and outbox
    /// rows like Allyward's, then in a second the CAM's notification and the outbox message's completion (Allyward
    /// completes several messages at once, so this one is a little heavier). Prepared, with Allyward's driver
    /// settings: about what any code that keeps these records for a registration could reach on this database.
    /// </summary>
    public static async Task<Result> RegistrationWritesAsync(string connectionString, IReadOnlyList<CustomerRequest> customers, int clients,
        TimeSpan duration, Guid partnerId, Guid registrantId)
    {
        await using var source = NpgsqlDataSource.Create(DatabaseSetup.WithPostgresDefaults(connectionString));
        return await Measure.ClosedLoopAsync("registration's writes (reference)", clients, int.MaxValue, duration, async (_, i) =>
        {
            var customer = customers[i % customers.Count];
            var identity = CustomerIdentity.Of(customer.CompanyName!, customer.Website, customer.ContactEmail);
            var dealId = Guid.CreateVersion7();
            var messageId = Guid.CreateVersion7();
            var now = DateTime.UtcNow;
            await using var connection = await source.OpenConnectionAsync();

            await using (var search = new NpgsqlBatch(connection))
            {
                search.BatchCommands.Add(new NpgsqlBatchCommand(ConflictFinder.PostgresSearch)
                {
                    Parameters =
                    {
                        new NpgsqlParameter<long[]> { TypedValue = [.. MatchKeys.Probes(identity)] },
                        new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid, Value = DBNull.Value },
                        new NpgsqlParameter<DateTime> { TypedValue = now },
                    },
                });
                await using var rows = await search.ExecuteReaderAsync();
                while (await rows.ReadAsync()) { }
            }

            // The audit row records each column of the new deal as changed from nothing.
            var created = new Dictionary<string, object?>
            {
                ["Id"] = dealId, ["PartnerId"] = partnerId, ["CustomerName"] = customer.CompanyName, ["CustomerWebsite"] = customer.Website,
                ["ContactEmail"] = customer.ContactEmail, ["NameKey"] = identity.NameKey, ["CustomerDomain"] = identity.Domain, ["AmountMinor"] = 2_500_000,
                ["Currency"] = "USD", ["Status"] = "Submitted", ["SubmittedAt"] = now, ["RegisteredByName"] = "Bench Seller",
            };
            var changes = System.Text.Json.JsonSerializer.Serialize(created.ToDictionary(c => c.Key, c => new { before = (object?)null, after = c.Value }));
            var title = $"New deal from Bench Partner: {customer.CompanyName}";
            var body = $"{customer.CompanyName}, 25,000.00 USD, closing in 60 days. Review it in the queue.";
            var link = $"/deals/{dealId}";
            await using (var save = new NpgsqlBatch(connection))
            {
                save.BatchCommands.Add(Command(
                    """
                    INSERT INTO "Deals" ("Id", "PartnerId", "CustomerName", "CustomerWebsite", "ContactEmail", "CustomerCountry", "CustomerDomain", "NameKey",
                        "Products", "AmountMinor", "Currency", "ExpectedCloseDate", "CustomFields", "Status", "SubmittedAt", "RegisteredById", "RegisteredByName", "FiledKeys", "Version")
                    VALUES ($1, $2, $3, $4, $5, 'US', $6, $7, ARRAY['Platform','Support'], 2500000, 'USD', current_date + 60, '{}', 'Submitted', $8, $9, 'Bench Seller', $10, 0)
                    """,
                    dealId, partnerId, customer.CompanyName, customer.Website, customer.ContactEmail, identity.Domain, identity.NameKey, now, registrantId,
                    MatchKeys.Filed(identity).ToArray()));
                save.BatchCommands.Add(Command(
                    """INSERT INTO "DealHistory" ("Id", "DealId", "PartnerId", "At", "ActorName", "Action", "Detail") VALUES ($1, $2, $3, $4, 'Bench Seller', 'submitted', 'Registered.')""",
                    Guid.CreateVersion7(), dealId, partnerId, now));
                save.BatchCommands.Add(Command(
                    """
                    INSERT INTO "AuditEntries" ("Id", "At", "ActorId", "ActorName", "Action", "EntityType", "EntityId", "PartnerId", "Changes", "IpAddress")
                    VALUES ($1, $2, $3, 'Bench Seller', 'deal.created', 'Deal', $4, $5, $6, '127.0.0.1')
                    """,
                    Guid.CreateVersion7(), now, registrantId, dealId.ToString(), partnerId, changes));
                save.BatchCommands.Add(Command(
                    """INSERT INTO "OutboxMessages" ("Id", "Type", "Payload", "CreatedAt", "NextAttemptAt", "Attempts") VALUES ($1, 'notify-user', $2, $3, $3, 0)""",
                    messageId, System.Text.Json.JsonSerializer.Serialize(new { UserId = registrantId, Title = title, Body = body, Link = link, EmailTo = "cam@bench.example" }),
                    now));
                await save.ExecuteNonQueryAsync();
            }

            await using (var complete = new NpgsqlBatch(connection))
            {
                complete.BatchCommands.Add(Command(
                    """INSERT INTO "Notifications" ("Id", "UserId", "Title", "Body", "Link", "CreatedAt") VALUES ($1, $2, $3, $4, $5, $6)""",
                    messageId, registrantId, title, body, link, now));
                complete.BatchCommands.Add(Command(
                    """UPDATE "OutboxMessages" SET "LockedBy" = NULL, "LockedUntil" = NULL, "ProcessedAt" = $2 WHERE "Id" = $1""", messageId, now));
                await complete.ExecuteNonQueryAsync();
            }
            return true;
        });
    }

    private static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        return command;
    }
}
