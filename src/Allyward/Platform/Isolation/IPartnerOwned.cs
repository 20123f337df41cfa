namespace Allyward.Platform.Isolation;

/// <summary>
/// Data that belongs to one partner organization. The DbContext filters every query on such an entity
/// to the signed-in partner user's organization and refuses to save one for another organization.
/// </summary>
public interface IPartnerOwned
{
    Guid PartnerId { get; }
}

/// <summary>
/// The partner organization itself: a partner user sees only its own, and no user saves another partner's.
/// </summary>
public interface IPartnerOrganization
{
    Guid Id { get; }
}
