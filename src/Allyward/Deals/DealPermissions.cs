using Allyward.Platform.Identity;

namespace Allyward.Deals;

public sealed class DealPermissions : IModulePermissions
{
    /// <summary>Register deals for one's own organization and see them.</summary>
    public const string RegisterOwn = "deals.register-own";

    /// <summary>See every partner's deals, register on a partner's behalf, approve and reject.</summary>
    public const string Review = "deals.review";

    /// <summary>See every partner's deals.</summary>
    public const string ViewAll = "deals.view-all";

    /// <summary>Change the deal registration rules.</summary>
    public const string ManageSettings = "deals.manage-settings";

    public IReadOnlyDictionary<UserRole, string[]> Grants { get; } = new Dictionary<UserRole, string[]>
    {
        [UserRole.ProgramAdmin] = [Review, ViewAll, ManageSettings],
        [UserRole.ChannelAccountManager] = [Review, ViewAll],
        [UserRole.Executive] = [ViewAll],
        [UserRole.Finance] = [ViewAll],
        [UserRole.PartnerAdmin] = [RegisterOwn],
        [UserRole.PartnerSales] = [RegisterOwn],
    };
}
