using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;
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
    /// the result a partner may see. Compiled once, since every check and registration runs it. PostgreSQL runs the
    /// same search in <c>deal_conflict_candidates</c> instead (see <see cref="PostgresCandidatesAsync"/>).
    /// </summary>
    private static readonly CompiledQuery<Func<AllywardDbContext, IReadOnlyList<long>, Guid?, DateTime, IAsyncEnumerable<ConflictCandidate>>> Candidates = new(() => EF.CompileAsyncQuery(
        (AllywardDbContext db, IReadOnlyList<long> probes, Guid? excludeDealId, DateTime now) => db.Deals.IgnoreQueryFilters().AsNoTracking()
            .Where(d => db.DealMatchKeys.Where(k => probes.Contains(k.Key)).Select(k => k.DealId).Contains(d.Id))
            .Where(d => d.Id != excludeDealId)
            .Where(d => d.Status == DealStatus.Submitted || (d.Status == DealStatus.Approved && d.ProtectedUntil > now))
            .OrderBy(d => d.SubmittedAt)
            .Select(d => new ConflictCandidate(d.Id, d.PartnerId, d.CustomerName, d.CustomerDomain, d.NameKey, d.Status, d.SubmittedAt))));

    public async Task<IReadOnlyList<(ConflictCandidate Deal, IReadOnlyList<MatchReason> Reasons)>> FindAsync(
        CustomerIdentity customer, Guid? excludeDealId, CancellationToken cancellationToken)
    {
        var probes = MatchKeys.Probes(customer);
        var now = time.GetUtcNow().UtcDateTime;
        var candidates = db.Database.IsNpgsql()
            ? await PostgresCandidatesAsync(probes, excludeDealId, now, cancellationToken)
            : await Candidates.For(db)(db, probes, excludeDealId, now).ToListAsync(cancellationToken);
        return candidates
            .Select(d => (Deal: d, Reasons: CustomerMatcher.Reasons(customer, d.Identity)))
            .Where(m => m.Reasons.Count > 0)
            .ToList();
    }

    /// <summary>
    /// The compiled query's search as a function with PostgreSQL's generic plan always (migration
    /// <c>ConflictSearchWithGenericPlan</c>). As a prepared statement the search was planned afresh whenever plans for
    /// the keys at hand looked cheaper than the generic one, which for customers with few keys they do: a third of the
    /// searches, 0.3 ms of planning each: two thirds as much time as running all of them took.
    /// </summary>
    private async Task<List<ConflictCandidate>> PostgresCandidatesAsync(IReadOnlyList<long> probes, Guid? excludeDealId, DateTime now, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var search = new NpgsqlCommand("SELECT * FROM deal_conflict_candidates($1, $2, $3)", connection)
            {
                Parameters =
                {
                    new NpgsqlParameter<long[]> { TypedValue = [.. probes] },
                    new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = (object?)excludeDealId ?? DBNull.Value },
                    new NpgsqlParameter<DateTime> { TypedValue = now },
                },
            };
            await using var rows = await search.ExecuteReaderAsync(cancellationToken);
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
