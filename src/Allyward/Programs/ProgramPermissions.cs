using Allyward.Platform.Identity;

namespace Allyward.Programs;

public sealed class ProgramPermissions : IModulePermissions
{
    /// <summary>Create programs and tiers, change requirements and benefits, define custom KPIs.</summary>
    public const string Manage = "programs.manage";

    /// <summary>Run the evaluation, approve or reject promotions, set a partner's tier, record KPI values.</summary>
    public const string Evaluate = "programs.evaluate";

    /// <summary>See every partner's tier, scorecard and history, and the program views.</summary>
    public const string ViewAll = "programs.view-all";

    /// <summary>Maintain exchange rates.</summary>
    public const string Rates = "programs.rates";

    /// <summary>See one's own organization's scorecard, tier history and business plans.</summary>
    public const string Scorecard = "programs.scorecard";

    /// <summary>Write the vendor's part of joint business plans: goals, vendor actions, owners.</summary>
    public const string PlanForVendor = "programs.plan-vendor";

    /// <summary>Write one's own organization's part of its joint business plans: its actions and owners.</summary>
    public const string PlanForPartner = "programs.plan-partner";

    public IReadOnlyDictionary<UserRole, string[]> Grants { get; } = new Dictionary<UserRole, string[]>
    {
        [UserRole.ProgramAdmin] = [Manage, Evaluate, ViewAll, Rates, PlanForVendor],
        [UserRole.ChannelAccountManager] = [Evaluate, ViewAll, PlanForVendor],
        [UserRole.Finance] = [ViewAll, Rates],
        [UserRole.Marketing] = [ViewAll],
        [UserRole.Executive] = [ViewAll],
        [UserRole.PartnerAdmin] = [Scorecard, PlanForPartner],
        [UserRole.PartnerExecutive] = [Scorecard, PlanForPartner],
    };
}
