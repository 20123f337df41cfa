using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Allyward.Deals.Conflicts;

public sealed record ConflictMatch(Guid? DealId, IReadOnlyList<MatchReason> Reasons, double Score);

/// <summary>
/// Finds the open and protected registrations of the same customer, across all partners. Candidates come
/// from indexed columns (domain, name key, first and last letters of the compact key) and are then judged
/// by <see cref="CustomerMatcher"/>.
/// </summary>
public sealed class ConflictFinder(AllywardDbContext db, TimeProvider time)
{
    public async Task<IReadOnlyList<(Deal Deal, IReadOnlyList<MatchReason> Reasons)>> FindAsync(
        CustomerIdentity customer, Guid? excludeDealId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var prefix = Prefix(customer.CompactKey);
        var suffix = Suffix(customer.CompactKey);
        // Conflicts span partners: this one query deliberately looks past partner isolation, and callers
        // decide what of the result a partner may see.
        var candidates = await db.Deals.IgnoreQueryFilters().AsNoTracking()
            .Where(d => d.Id != excludeDealId)
            .Where(d => d.Status == DealStatus.Submitted || (d.Status == DealStatus.Approved && d.ProtectedUntil > now))
            .Where(d => (customer.Domain != null && d.CustomerDomain == customer.Domain) || d.NameKey == customer.NameKey
                        || d.KeyPrefix == prefix || d.KeySuffix == suffix)
            .OrderBy(d => d.SubmittedAt)
            .Take(500)
            .ToListAsync(cancellationToken);
        return candidates
            .Select(d => (Deal: d, Reasons: CustomerMatcher.Reasons(customer, d.Identity)))
            .Where(m => m.Reasons.Count > 0)
            .ToList();
    }

    public static string Prefix(string compactKey) => compactKey.Length <= 3 ? compactKey : compactKey[..3];
    public static string Suffix(string compactKey) => compactKey.Length <= 3 ? compactKey : compactKey[^3..];
}
