namespace Allyward.Platform.Identity;

/// <summary>
/// The permissions a module grants to each role. Every module declares its own class implementing
/// this interface; <see cref="PermissionCatalog"/> composes them, so adding a module adds its grants.
/// </summary>
public interface IModulePermissions
{
    IReadOnlyDictionary<UserRole, string[]> Grants { get; }
}

public sealed class PlatformPermissions : IModulePermissions
{
    public const string ViewAuditLog = "audit.view";
    public const string ManageAllTokens = "tokens.manage-all";
    public const string ManageOrganizationTokens = "tokens.manage-organization";
    public const string ManageVendorStaff = "staff.manage";
    public const string ManageWebhooks = "webhooks.manage";
    public const string ManageBranding = "branding.manage";

    public IReadOnlyDictionary<UserRole, string[]> Grants { get; } = new Dictionary<UserRole, string[]>
    {
        [UserRole.ProgramAdmin] = [ViewAuditLog, ManageAllTokens, ManageVendorStaff, ManageWebhooks, ManageBranding],
        [UserRole.PartnerAdmin] = [ManageOrganizationTokens],
    };
}

public static class PermissionCatalog
{
    private static readonly IModulePermissions[] Modules =
        typeof(PermissionCatalog).Assembly.GetTypes()
            .Where(t => typeof(IModulePermissions).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .Select(t => (IModulePermissions)Activator.CreateInstance(t)!)
            .ToArray();

    private static readonly Dictionary<UserRole, HashSet<string>> ByRole =
        Enum.GetValues<UserRole>().ToDictionary(
            role => role,
            role => Modules.SelectMany(m => m.Grants.TryGetValue(role, out var p) ? p : []).ToHashSet());

    public static IReadOnlySet<string> For(UserRole role) => ByRole[role];

    public static IEnumerable<string> All => ByRole.Values.SelectMany(p => p).Distinct().Order();
}
