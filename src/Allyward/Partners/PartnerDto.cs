using Allyward.Partners.Contracts;

namespace Allyward.Partners;

public sealed record PartnerDto(
    Guid Id, string Name, PartnerType Type, string Country, Region Region,
    IReadOnlyList<string> Industries, IReadOnlyList<string> Specializations,
    string? Website, string? Domain, SizeBand SizeBand, Guid? OwnerId, string? OwnerName,
    PartnerStage Stage, DateTime StageChangedAt, DateTime CreatedAt, DateTime UpdatedAt,
    IReadOnlyList<PartnerStage> NextStages,
    string? Description, string? Street, string? City, string? PostalCode, string? LogoUrl)
{
    public static PartnerDto From(Partner p, string? ownerName) => new(
        p.Id, p.Name, p.Type, p.Country, p.Region, p.Industries, p.Specializations, p.Website, p.Domain,
        p.SizeBand, p.OwnerId, ownerName, p.Stage, p.StageChangedAt, p.CreatedAt, p.UpdatedAt,
        PartnerLifecycle.NextStages(p.Stage),
        p.Description, p.Street, p.City, p.PostalCode, LogoUrlOf(p.Id, p.LogoFileId));

    /// <summary>Where the logo is served; the file id in the query makes a new logo a new address, so no cache shows the old one.</summary>
    public static string? LogoUrlOf(Guid partnerId, Guid? logoFileId) =>
        logoFileId is { } fileId ? $"/api/v1/partners/{partnerId}/logo?v={fileId:N}" : null;
}

/// <summary>A row of the partner list.</summary>
public sealed record PartnerListItem(
    Guid Id, string Name, PartnerType Type, string Country, Region Region, SizeBand SizeBand,
    string? Domain, PartnerStage Stage, Guid? OwnerId, string? OwnerName, DateTime CreatedAt);
