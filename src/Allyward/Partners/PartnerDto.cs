using Allyward.Partners.Contracts;

namespace Allyward.Partners;

public sealed record PartnerDto(
    Guid Id, string Name, PartnerType Type, string Country, Region Region,
    IReadOnlyList<string> Industries, IReadOnlyList<string> Specializations,
    string? Website, string? Domain, SizeBand SizeBand, Guid? OwnerId, string? OwnerName,
    PartnerStage Stage, DateTime StageChangedAt, DateTime CreatedAt, DateTime UpdatedAt,
    IReadOnlyList<PartnerStage> NextStages)
{
    public static PartnerDto From(Partner p, string? ownerName) => new(
        p.Id, p.Name, p.Type, p.Country, p.Region, p.Industries, p.Specializations, p.Website, p.Domain,
        p.SizeBand, p.OwnerId, ownerName, p.Stage, p.StageChangedAt, p.CreatedAt, p.UpdatedAt,
        PartnerLifecycle.NextStages(p.Stage));
}

/// <summary>A row of the partner list.</summary>
public sealed record PartnerListItem(
    Guid Id, string Name, PartnerType Type, string Country, Region Region, SizeBand SizeBand,
    string? Domain, PartnerStage Stage, Guid? OwnerId, string? OwnerName, DateTime CreatedAt);
