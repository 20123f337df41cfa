using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Programs.Contracts;

/// <summary>A partner's tier in one program, with the benefits other modules act on.</summary>
public sealed record PartnerTier(
    Guid PartnerId, Guid ProgramId, string Program, Guid TierId, string Tier, int Rank,
    int? DealProtectionDays, decimal? DiscountPercent, bool MdfEligible, decimal? MdfSharePercent, int LeadPriority);

/// <summary>What other modules may know about tiers: deal protection, MDF, lead priority and targeting read these.</summary>
public static class PartnerTiers
{
    /// <summary>The tiers of the given partners (every partner the caller sees when null), one per program each belongs to.</summary>
    public static async Task<IReadOnlyList<PartnerTier>> OfAsync(AllywardDbContext db, IReadOnlyCollection<Guid>? partnerIds, CancellationToken cancellationToken = default)
    {
        var memberships = db.ProgramMemberships.AsNoTracking();
        if (partnerIds is not null) memberships = memberships.Where(m => partnerIds.Contains(m.PartnerId));
        var rows = await (from m in memberships
                          join t in db.Tiers on m.TierId equals t.Id
                          join p in db.Programs on m.ProgramId equals p.Id
                          select new { m.PartnerId, m.ProgramId, Program = p.Name, TierId = t.Id, Tier = t.Name, t.Rank, t.Benefits })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new PartnerTier(r.PartnerId, r.ProgramId, r.Program, r.TierId, r.Tier, r.Rank,
            r.Benefits.DealProtectionDays, r.Benefits.DiscountPercent, r.Benefits.MdfEligible, r.Benefits.MdfSharePercent, r.Benefits.LeadPriority))];
    }

    /// <summary>
    /// The deal protection period the partner's tiers give: the longest of its tiers that set one, or null when none
    /// does and the deal settings decide.
    /// </summary>
    public static async Task<int?> DealProtectionDaysAsync(AllywardDbContext db, Guid partnerId, CancellationToken cancellationToken = default)
    {
        var benefits = await (from m in db.ProgramMemberships.IgnoreQueryFilters() // AsSystem: a vendor approving reads the partner's tier; one partner's, by id
                              where m.PartnerId == partnerId
                              join t in db.Tiers on m.TierId equals t.Id
                              select t.Benefits).ToListAsync(cancellationToken);
        return benefits.Max(b => b.DealProtectionDays);
    }
}
