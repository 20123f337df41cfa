using System.Security.Claims;
using Allyward.Platform.Identity;

namespace Allyward.Platform.Isolation;

/// <summary>
/// Who is acting in this scope: the signed-in user of an HTTP request or a Blazor circuit, or nobody
/// (sign-in, background work, the operator command line). Partner isolation binds to it.
/// </summary>
public sealed class CurrentUser
{
    private ClaimsPrincipal _principal = new(new ClaimsIdentity());

    public ClaimsPrincipal Principal => _principal;
    public bool IsAuthenticated => _principal.Identity?.IsAuthenticated == true;
    public Guid? Id => _principal.UserId();
    public string Name => _principal.FindFirst(AllywardClaims.FullName)?.Value ?? _principal.Identity?.Name ?? "system";

    /// <summary>The partner the user belongs to; null for vendor staff and for system work.</summary>
    public Guid? PartnerId => _principal.PartnerIdOf();

    public bool IsPartnerUser => PartnerId is not null;

    public UserRole? Role => Enum.TryParse<UserRole>(_principal.FindFirst(AllywardClaims.Role)?.Value, out var role) ? role : null;
    public bool Can(string permission) => _principal.HasPermission(permission);

    public void Set(ClaimsPrincipal principal) => _principal = principal;
}
