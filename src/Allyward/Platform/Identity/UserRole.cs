namespace Allyward.Platform.Identity;

/// <summary>Every user holds exactly one role; vendor roles work in the console, partner roles in the portal.</summary>
public enum UserRole
{
    ProgramAdmin,
    ChannelAccountManager,
    Marketing,
    Finance,
    Executive,
    PartnerAdmin,
    PartnerSales,
    PartnerTechnical,
    PartnerMarketing,
    PartnerExecutive,
}

public static class UserRoles
{
    public static bool IsPartnerRole(this UserRole role) => role >= UserRole.PartnerAdmin;

    public static IReadOnlyList<UserRole> VendorRoles { get; } =
        Enum.GetValues<UserRole>().Where(r => !r.IsPartnerRole()).ToArray();

    public static IReadOnlyList<UserRole> PartnerRoles { get; } =
        Enum.GetValues<UserRole>().Where(r => r.IsPartnerRole()).ToArray();

    public static string DisplayName(this UserRole role) => role switch
    {
        UserRole.ProgramAdmin => "Program admin",
        UserRole.ChannelAccountManager => "Channel account manager",
        UserRole.Marketing => "Marketing",
        UserRole.Finance => "Finance",
        UserRole.Executive => "Executive",
        UserRole.PartnerAdmin => "Partner admin",
        UserRole.PartnerSales => "Sales",
        UserRole.PartnerTechnical => "Technical",
        UserRole.PartnerMarketing => "Partner marketing",
        UserRole.PartnerExecutive => "Partner executive",
        _ => role.ToString(),
    };
}
