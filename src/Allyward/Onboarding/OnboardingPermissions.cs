using Allyward.Platform.Identity;

namespace Allyward.Onboarding;

public sealed class OnboardingPermissions : IModulePermissions
{
    /// <summary>Define the onboarding templates.</summary>
    public const string ManageTemplates = "onboarding.manage-templates";

    /// <summary>See every partner's onboarding.</summary>
    public const string ViewAll = "onboarding.view-all";

    /// <summary>Start plans and confirm manual tasks.</summary>
    public const string Manage = "onboarding.manage";

    /// <summary>See one's own organization's onboarding.</summary>
    public const string ViewOwn = "onboarding.view-own";

    /// <summary>Upload documents and acknowledge pages for one's own organization.</summary>
    public const string Work = "onboarding.work";

    public IReadOnlyDictionary<UserRole, string[]> Grants { get; } = new Dictionary<UserRole, string[]>
    {
        [UserRole.ProgramAdmin] = [ManageTemplates, ViewAll, Manage],
        [UserRole.ChannelAccountManager] = [ViewAll, Manage],
        [UserRole.Executive] = [ViewAll],
        [UserRole.PartnerAdmin] = [ViewOwn, Work],
        [UserRole.PartnerSales] = [ViewOwn],
        [UserRole.PartnerTechnical] = [ViewOwn],
        [UserRole.PartnerMarketing] = [ViewOwn],
        [UserRole.PartnerExecutive] = [ViewOwn],
    };
}
