using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;

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
    /// the result a partner may see. Compiled once, since every check and registration runs it.
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
        var candidates = new List<ConflictCandidate>();
        await foreach (var candidate in Candidates.For(db)(db, MatchKeys.Probes(customer), excludeDealId, time.GetUtcNow().UtcDateTime).WithCancellation(cancellationToken))
        {
            candidates.Add(candidate);
        }
        return candidates
            .Select(d => (Deal: d, Reasons: CustomerMatcher.Reasons(customer, d.Identity)))
            .Where(m => m.Reasons.Count > 0)
            .ToList();
    }
}
