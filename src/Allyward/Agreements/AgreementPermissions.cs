using Allyward.Platform.Identity;

namespace Allyward.Agreements;

public sealed class AgreementPermissions : IModulePermissions
{
    /// <summary>Publish agreement versions and counter-sign partners' signatures.</summary>
    public const string Manage = "agreements.manage";

    /// <summary>See agreements and who signed them.</summary>
    public const string ViewAll = "agreements.view-all";

    /// <summary>Read and download the organization's agreements.</summary>
    public const string ViewOwn = "agreements.view-own";

    /// <summary>Sign agreements for the organization.</summary>
    public const string Sign = "agreements.sign";

    public IReadOnlyDictionary<UserRole, string[]> Grants { get; } = new Dictionary<UserRole, string[]>
    {
        [UserRole.ProgramAdmin] = [Manage, ViewAll],
        [UserRole.ChannelAccountManager] = [ViewAll],
        [UserRole.Executive] = [ViewAll],
        [UserRole.PartnerAdmin] = [ViewOwn, Sign],
        [UserRole.PartnerExecutive] = [ViewOwn],
    };
}
