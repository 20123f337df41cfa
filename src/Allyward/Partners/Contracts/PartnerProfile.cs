using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Partners.Contracts;

/// <summary>The parts of a partner's profile that other modules may ask to be filled in (onboarding does).</summary>
public static class PartnerProfile
{
    /// <summary>
    /// Every one of them is something the partner's admin can fill in from the portal (or the API), so a
    /// "complete profile" onboarding task is one the partner can finish by itself. An address is a street, a city and a
    /// postal code (the country is always set).
    /// </summary>
    public static IReadOnlyList<string> Fields { get; } = ["website", "industries", "specializations", "contact", "description", "address", "logo"];

    /// <summary>Which of <see cref="Fields"/> the partner has filled in.</summary>
    public static async Task<IReadOnlySet<string>> FilledFieldsAsync(AllywardDbContext db, Guid partnerId, CancellationToken cancellationToken)
    {
        var profile = await db.Set<Partner>().AsNoTracking().Where(p => p.Id == partnerId)
            .Select(p => new
            {
                p.Website,
                p.Industries,
                p.Specializations,
                p.Description,
                p.Street,
                p.City,
                p.PostalCode,
                p.LogoFileId,
                HasContact = db.Set<PartnerContact>().Any(c => c.PartnerId == p.Id),
            })
            .SingleAsync(cancellationToken);
        var filled = new HashSet<string>();
        if (!string.IsNullOrWhiteSpace(profile.Website)) filled.Add("website");
        if (profile.Industries.Count > 0) filled.Add("industries");
        if (profile.Specializations.Count > 0) filled.Add("specializations");
        if (profile.HasContact) filled.Add("contact");
        if (!string.IsNullOrWhiteSpace(profile.Description)) filled.Add("description");
        if (!string.IsNullOrWhiteSpace(profile.Street) && !string.IsNullOrWhiteSpace(profile.City) && !string.IsNullOrWhiteSpace(profile.PostalCode)) filled.Add("address");
        if (profile.LogoFileId is not null) filled.Add("logo");
        return filled;
    }
}
