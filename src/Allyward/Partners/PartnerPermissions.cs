using Allyward.Platform.Identity;

namespace Allyward.Partners;

public sealed class PartnerPermissions : IModulePermissions
{
    /// <summary>See every partner organization (vendor staff).</summary>
    public const string ViewAll = "partners.view-all";

    /// <summary>Create partners and edit their profiles and contacts.</summary>
    public const string Manage = "partners.manage";

    public const string ChangeStage = "partners.change-stage";

    /// <summary>Invite and deactivate portal users of any partner.</summary>
    public const string ManageAnyUsers = "partners.manage-users";

    /// <summary>See one's own organization (partner users).</summary>
    public const string ViewOwn = "partners.view-own";

    /// <summary>Invite and deactivate colleagues in one's own organization (partner admins).</summary>
    public const string ManageOwnUsers = "partners.manage-own-users";

    /// <summary>
    /// Edit one's own organization's profile — description, website, address, industries, specializations, logo and
    /// contacts (partner admins). What the vendor owns (name, type, region, size band, domain, owner, stage) stays with
    /// <see cref="Manage"/>.
    /// </summary>
    public const string EditOwn = "partners.edit-own";

    /// <summary>Who may change a partner's profile fields and contacts: vendor staff for any partner, partner admins for their own.</summary>
    public static readonly string[] ProfileEditors = [Manage, EditOwn];

    public IReadOnlyDictionary<UserRole, string[]> Grants { get; } = new Dictionary<UserRole, string[]>
    {
        [UserRole.ProgramAdmin] = [ViewAll, Manage, ChangeStage, ManageAnyUsers],
        [UserRole.ChannelAccountManager] = [ViewAll, Manage, ChangeStage, ManageAnyUsers],
        [UserRole.Marketing] = [ViewAll],
        [UserRole.Finance] = [ViewAll],
        [UserRole.Executive] = [ViewAll],
        [UserRole.PartnerAdmin] = [ViewOwn, ManageOwnUsers, EditOwn],
        [UserRole.PartnerSales] = [ViewOwn],
        [UserRole.PartnerTechnical] = [ViewOwn],
        [UserRole.PartnerMarketing] = [ViewOwn],
        [UserRole.PartnerExecutive] = [ViewOwn],
    };
}
