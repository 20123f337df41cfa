namespace Allyward.Partners.Contracts;

/// <summary>
/// Told whenever something about a partner changed (profile, contacts, a signature, an upload). Modules that
/// react to what partners do — onboarding completes its tasks — implement it; the modules where things happen
/// only call <see cref="PartnerActivity.ChangedAsync"/> and know nothing of who listens.
/// </summary>
public interface IPartnerActivityListener
{
    Task PartnerChangedAsync(Guid partnerId, CancellationToken cancellationToken);
}

/// <summary>Told when a partner is approved into the program, so that its onboarding can start.</summary>
public interface IPartnerApprovedListener
{
    Task PartnerApprovedAsync(Guid partnerId, CancellationToken cancellationToken);
}

public sealed class PartnerActivity(IEnumerable<IPartnerActivityListener> listeners, IEnumerable<IPartnerApprovedListener> approvedListeners)
{
    public async Task ApprovedAsync(Guid partnerId, CancellationToken cancellationToken = default)
    {
        foreach (var listener in approvedListeners) await listener.PartnerApprovedAsync(partnerId, cancellationToken);
    }

    public async Task ChangedAsync(Guid partnerId, CancellationToken cancellationToken = default)
    {
        foreach (var listener in listeners) await listener.PartnerChangedAsync(partnerId, cancellationToken);
    }
}
