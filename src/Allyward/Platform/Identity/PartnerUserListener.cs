namespace Allyward.Platform.Identity;

/// <summary>
/// Told when a partner user is invited or their role changes, before the change is saved, so that what a module adds
/// in response (a learner's assigned courses) commits with it. Modules implement it; accounts know nothing of them.
/// </summary>
public interface IPartnerUserListener
{
    Task PartnerUserChangedAsync(AppUser user, CancellationToken cancellationToken);
}
