using Allyward.Partners.Contracts;
using Allyward.Platform.Modules;

namespace Allyward.Partners;

/// <summary>The partner events integrations can subscribe to.</summary>
public static class PartnerWebhookEvents
{
    public const string ProfileUpdated = "partner.profile-updated";

    public static readonly WebhookEventType[] All =
    [
        new(ProfileUpdated, "A partner's profile (description, website, address, industries, specializations or logo) was changed, by the partner or the vendor."),
    ];
}

/// <summary>The partner-kept profile as an integration receives it, with the fields the change touched.</summary>
public sealed record PartnerProfileEvent(
    Guid PartnerId, string Name, IReadOnlyList<string> Changed, string? Description, string? Website, string? Street, string? City,
    string? PostalCode, string Country, IReadOnlyList<string> Industries, IReadOnlyList<string> Specializations, bool HasLogo,
    bool ByPartner, string ChangedByName, DateTime At)
{
    public static PartnerProfileEvent Of(Partner p, IReadOnlyList<string> changed, bool byPartner, string changedByName, DateTime at) => new(
        p.Id, p.Name, changed, p.Description, p.Website, p.Street, p.City, p.PostalCode, p.Country, p.Industries, p.Specializations,
        p.LogoFileId is not null, byPartner, changedByName, at);
}
