using System.Security.Claims;

namespace Allyward.Platform.Identity;

public static class AllywardClaims
{
    public const string Permission = "allyward:permission";
    public const string PartnerId = "allyward:partner";
    public const string Role = "allyward:role";
    public const string FullName = "allyward:name";

    public static Guid? UserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static Guid? PartnerIdOf(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(PartnerId), out var id) ? id : null;

    public static bool HasPermission(this ClaimsPrincipal principal, string permission) =>
        principal.HasClaim(Permission, permission);
}
