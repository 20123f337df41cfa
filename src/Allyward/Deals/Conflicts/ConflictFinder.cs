using Allyward.Customers;
using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Allyward.Deals.Conflicts;

public sealed record ConflictMatch(Guid? DealId, IReadOnlyList<MatchReason> Reasons, double Score);

/// <summary>What conflict search reads of a registration: enough to judge and show it, nothing more.</summary>
public sealed record ConflictCandidate(Guid Id, Guid PartnerId, string CustomerName, string? CustomerDomain, string NameKey, DealStatus Status, DateTime SubmittedAt)
{
    public CustomerIdentity Identity => new(CustomerDomain, NameKey);
}

/// <summary>
/// Finds the open and protected registrations of the same customer, across all partners. Candidates are the
/// deals filed under one of the customer's <see cref="MatchKeys"/>, found by index; <see cref="CustomerMatcher"/>
/// then judges each.
/// </summary>
public sealed class ConflictFinder(AllywardDbContext db, TimeProvider time)
{
    /// <summary>
    /// Conflicts span partners: this one query deliberately looks past partner isolation, and callers decide what of
    /// the result a partner may see. Compiled once, since every check and registration runs it. PostgreSQL runs
    /// <see cref="PostgresSearch"/> instead.
    /// </summary>
    private static readonly CompiledQuery<Func<AllywardDbContext, IReadOnlyList<long>, Guid?, DateTime, IAsyncEnumerable<ConflictCandidate>>> Candidates = new(() => EF.CompileAsyncQuery(
        (AllywardDbContext db, IReadOnlyList<long> probes, Guid? excludeDealId, DateTime now) => db.Set<Deal>().IgnoreQueryFilters().AsNoTracking() // AsSystem: a conflict is another partner's registration
            .Where(d => db.Set<DealMatchKey>().Where(k => probes.Contains(k.Key)).Select(k => k.DealId).Contains(d.Id))
            .Where(d => d.Id != excludeDealId)
            .Where(d => d.Status == DealStatus.Submitted || (d.Status == DealStatus.Approved && d.ProtectedUntil > now))
            .OrderBy(d => d.SubmittedAt)
            .Select(d => new ConflictCandidate(d.Id, d.PartnerId, d.CustomerName, d.CustomerDomain, d.NameKey, d.Status, d.SubmittedAt))));

    /// <summary>
    /// The compiled query's search for PostgreSQL, where it is a prepared statement of its own. Each parameter is read
    /// through a sub-select, which hides its value from the planner: the plans for particular values then cost the
    /// same as the generic plan, so after its first five runs on a connection the statement keeps the generic plan.
    /// Planned for the values at hand, a search for a customer with few match keys looked cheaper than the generic
    /// plan, so a third of the searches were planned afresh, at 0.3 ms each. The cast after the probes' sub-select makes
    /// <c>ANY</c> read one array rather than the rows of a sub-query.
    /// </summary>
    internal const string PostgresSearch = """
        SELECT d."Id", d."PartnerId", d."CustomerName", d."CustomerDomain", d."NameKey", d."Status", d."SubmittedAt"
        FROM "Deals" AS d
        WHERE d."Id" IN (SELECT k."DealId" FROM "DealMatchKeys" AS k WHERE k."Key" = ANY ((SELECT $1::bigint[])::bigint[]))
          AND ((SELECT $2::uuid) IS NULL OR d."Id" <> (SELECT $2::uuid))
          AND (d."Status" = 'Submitted' OR (d."Status" = 'Approved' AND d."ProtectedUntil" > (SELECT $3::timestamptz)))
        ORDER BY d."SubmittedAt"
        """;

    /// <summary>Transaction-scoped advisory locks on keys, in the order given (see <c>RegistrationLock</c>).</summary>
    private const string PostgresLock = "SELECT pg_advisory_xact_lock(k) FROM unnest($1) WITH ORDINALITY AS keys(k, n) ORDER BY n";

    /// <param name="lockingFirst">
    /// PostgreSQL only, inside a transaction: keys to lock before the search, in the same round trip. The search is
    /// the next statement, so it sees every registration committed while it waited for the locks.
    /// </param>
    public async Task<IReadOnlyList<(ConflictCandidate Deal, IReadOnlyList<MatchReason> Reasons)>> FindAsync(
        CustomerIdentity customer, Guid? excludeDealId, CancellationToken cancellationToken, IReadOnlyList<long>? lockingFirst = null)
    {
        var probes = MatchKeys.Probes(customer);
        var now = time.GetUtcNow().UtcDateTime;
        var candidates = db.Database.IsNpgsql()
            ? await PostgresCandidatesAsync(probes, excludeDealId, now, lockingFirst ?? [], cancellationToken)
            : await Candidates.For(db)(db, probes, excludeDealId, now).ToListAsync(cancellationToken);
        return candidates
            .Select(d => (Deal: d, Reasons: CustomerMatcher.Reasons(customer, d.Identity)))
            .Where(m => m.Reasons.Count > 0)
            .ToList();
    }

    private async Task<List<ConflictCandidate>> PostgresCandidatesAsync(
        IReadOnlyList<long> probes, Guid? excludeDealId, DateTime now, IReadOnlyList<long> lockingFirst, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var batch = new NpgsqlBatch(connection) { Transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction() };
            if (lockingFirst.Count > 0)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(PostgresLock) { Parameters = { new NpgsqlParameter<long[]> { TypedValue = [.. lockingFirst] } } });
            }
            batch.BatchCommands.Add(new NpgsqlBatchCommand(PostgresSearch)
            {
                Parameters =
                {
                    new NpgsqlParameter<long[]> { TypedValue = [.. probes] },
                    new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = (object?)excludeDealId ?? DBNull.Value },
                    new NpgsqlParameter<DateTime> { TypedValue = now },
                },
            });
            await using var rows = await batch.ExecuteReaderAsync(cancellationToken);
            if (lockingFirst.Count > 0) await rows.NextResultAsync(cancellationToken);
            var candidates = new List<ConflictCandidate>();
            while (await rows.ReadAsync(cancellationToken))
            {
                candidates.Add(new ConflictCandidate(rows.GetGuid(0), rows.GetGuid(1), rows.GetString(2), rows.IsDBNull(3) ? null : rows.GetString(3),
                    rows.GetString(4), Enum.Parse<DealStatus>(rows.GetString(5)), rows.GetDateTime(6)));
            }
            return candidates;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
