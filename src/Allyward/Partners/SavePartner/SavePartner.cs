using Allyward.Customers;
using Allyward.Platform.Isolation;
using System.ComponentModel.DataAnnotations;
using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Partners.SavePartner;

/// <summary>The editable profile of a partner organization, for creating and for updating one.</summary>
public sealed record SavePartnerRequest
{
    [Required(ErrorMessage = "Enter the partner's name."), StringLength(PartnerLimits.Name, ErrorMessage = "The name is at most 200 characters.")]
    public string? Name { get; init; }

    [Required(ErrorMessage = "Choose a partner type.")]
    public PartnerType? Type { get; init; }

    [Required(ErrorMessage = "Enter the country as its two-letter ISO code, such as US or DE.")]
    public string? Country { get; init; }

    [Required(ErrorMessage = "Choose a region.")]
    public Region? Region { get; init; }

    [Required(ErrorMessage = "Choose a size band.")]
    public SizeBand? SizeBand { get; init; }

    public List<string>? Industries { get; init; }
    public List<string>? Specializations { get; init; }

    [StringLength(PartnerLimits.Website, ErrorMessage = "The website is at most 300 characters.")]
    public string? Website { get; init; }

    /// <summary>Defaults to the website's host.</summary>
    [StringLength(PartnerLimits.Website, ErrorMessage = "The domain is at most 300 characters.")]
    public string? Domain { get; init; }

    public Guid? OwnerId { get; init; }

    /// <summary>Only when creating: the stage a new partner starts in (default Applicant).</summary>
    public PartnerStage? Stage { get; init; }

    public static SavePartnerRequest From(PartnerDto p) => new()
    {
        Name = p.Name, Type = p.Type, Country = p.Country, Region = p.Region, SizeBand = p.SizeBand,
        Industries = [.. p.Industries], Specializations = [.. p.Specializations], Website = p.Website,
        Domain = p.Domain, OwnerId = p.OwnerId,
    };
}

public sealed class SavePartnerHandler(AllywardDbContext db, TimeProvider time, PartnerTimeline timeline, PartnerActivity activity)
{
    public async Task<Outcome<PartnerDto>> CreateAsync(SavePartnerRequest request, CancellationToken cancellationToken = default)
    {
        var errors = await ValidateAsync(request, cancellationToken);
        if (request.Stage is PartnerStage.Former or PartnerStage.Offboarding)
        {
            errors.Add("stage", "A new partner starts in Applicant, Approved, Onboarding or Active.");
        }
        if (errors.Any) return Outcome<PartnerDto>.Invalid(errors);

        var now = time.GetUtcNow().UtcDateTime;
        var partner = Partner.Create(request.Name!.Trim(), request.Stage ?? PartnerStage.Applicant, now);
        Apply(partner, request);
        db.Partners.Add(partner);
        timeline.Record(partner.Id, "created", $"Partner created in stage {Labels.Of(partner.Stage)}.");
        await db.SaveChangesAsync(cancellationToken);
        return await PartnerQueries.GetAsync(db, partner.Id, cancellationToken) is { } dto ? dto : Outcome<PartnerDto>.NotFound();
    }

    public async Task<Outcome<PartnerDto>> UpdateAsync(Guid id, SavePartnerRequest request, CancellationToken cancellationToken = default)
    {
        var partner = await db.Partners.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (partner is null) return Outcome<PartnerDto>.NotFound("No such partner.");
        var errors = await ValidateAsync(request, cancellationToken);
        if (request.Stage is not null && request.Stage != partner.Stage)
        {
            errors.Add("stage", "Change the stage through a stage transition.");
        }
        if (errors.Any) return Outcome<PartnerDto>.Invalid(errors);
        if (partner.Stage == PartnerStage.Former) return Outcome<PartnerDto>.Conflict("A former partner is kept read-only.");

        Apply(partner, request);
        partner.UpdatedAt = time.GetUtcNow().UtcDateTime;
        timeline.Record(partner.Id, "updated", "Profile updated.");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<PartnerDto>.Conflict("Someone else changed this partner at the same moment. Reload and try again.");
        }
        await activity.ChangedAsync(partner.Id, cancellationToken);
        return await PartnerQueries.GetAsync(db, partner.Id, cancellationToken) is { } dto ? dto : Outcome<PartnerDto>.NotFound();
    }

    private static void Apply(Partner partner, SavePartnerRequest request)
    {
        partner.Name = request.Name!.Trim();
        partner.Type = request.Type!.Value;
        partner.Country = request.Country!.Trim().ToUpperInvariant();
        partner.Region = request.Region!.Value;
        partner.SizeBand = request.SizeBand!.Value;
        partner.Industries = Tags(request.Industries);
        partner.Specializations = Tags(request.Specializations);
        partner.Website = WebAddress.Normalize(request.Website);
        partner.Domain = NormalizeDomain(request.Domain) ?? NormalizeDomain(partner.Website is null ? null : new Uri(partner.Website).Host);
        partner.OwnerId = request.OwnerId;
    }

    private static List<string> Tags(List<string>? values) =>
        (values ?? []).Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static string? NormalizeDomain(string? domain)
    {
        if (string.IsNullOrWhiteSpace(domain)) return null;
        var d = domain.Trim().ToLowerInvariant();
        return d.StartsWith("www.") ? d[4..] : d;
    }

    private async Task<ValidationErrors> ValidateAsync(SavePartnerRequest request, CancellationToken cancellationToken)
    {
        var errors = ValidationErrors.Of(request);
        if (request.Name is not null && string.IsNullOrWhiteSpace(request.Name)) errors.Add("name", "Enter the partner's name.");
        if (request.Country is { } country && !Countries.IsCountryCode(country.Trim()))
        {
            errors.Add("country", "Use a two-letter ISO 3166 country code, such as US or DE.");
        }
        CheckTags(errors, "industries", request.Industries);
        CheckTags(errors, "specializations", request.Specializations);
        if (!string.IsNullOrWhiteSpace(request.Website) && WebAddress.Normalize(request.Website) is null) errors.Add("website", WebAddress.Refusal);
        if (!string.IsNullOrWhiteSpace(request.Domain) && Uri.CheckHostName(request.Domain.Trim()) != UriHostNameType.Dns)
        {
            errors.Add("domain", "The domain must be a host name, such as example.com.");
        }
        if (request.OwnerId is { } ownerId)
        {
            var owner = await db.Users.Where(u => u.Id == ownerId && u.PartnerId == null && u.IsActive)
                .Select(u => (UserRole?)u.Role).SingleOrDefaultAsync(cancellationToken);
            if (owner is not (UserRole.ChannelAccountManager or UserRole.ProgramAdmin))
            {
                errors.Add("ownerId", "The owner must be an active channel account manager or program admin.");
            }
        }
        return errors;
    }

    private static void CheckTags(ValidationErrors errors, string field, List<string>? values)
    {
        if (values is null) return;
        if (values.Count > PartnerLimits.Tags) errors.Add(field, $"At most {PartnerLimits.Tags} entries.");
        if (values.Any(v => v is null || v.Length > PartnerLimits.Tag)) errors.Add(field, $"Each entry is at most {PartnerLimits.Tag} characters.");
    }

}

internal static class PartnerQueries
{
    public static async Task<PartnerDto?> GetAsync(AllywardDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var partner = await db.Partners.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (partner is null) return null;
        var ownerName = partner.OwnerId is { } ownerId
            ? await db.Users.AsSystem().Where(u => u.Id == ownerId).Select(u => u.FullName).SingleOrDefaultAsync(cancellationToken)
            : null;
        return PartnerDto.From(partner, ownerName);
    }
}
