using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Partners.Contracts;

/// <summary>The parts of a partner's profile that other modules may ask to be filled in (onboarding does).</summary>
public static class PartnerProfile
{
    public static IReadOnlyList<string> Fields { get; } = ["website", "industries", "specializations", "contact"];

    /// <summary>Which of <see cref="Fields"/> the partner has filled in.</summary>
    public static async Task<IReadOnlySet<string>> FilledFieldsAsync(AllywardDbContext db, Guid partnerId, CancellationToken cancellationToken)
    {
        var profile = await db.Set<Partner>().AsNoTracking().Where(p => p.Id == partnerId)
            .Select(p => new
            {
                p.Website,
                p.Industries,
                p.Specializations,
                HasContact = db.Set<PartnerContact>().Any(c => c.PartnerId == p.Id),
            })
            .SingleAsync(cancellationToken);
        var filled = new HashSet<string>();
        if (!string.IsNullOrWhiteSpace(profile.Website)) filled.Add("website");
        if (profile.Industries.Count > 0) filled.Add("industries");
        if (profile.Specializations.Count > 0) filled.Add("specializations");
        if (profile.HasContact) filled.Add("contact");
        return filled;
    }
}
