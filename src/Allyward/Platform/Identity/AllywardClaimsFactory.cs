using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Allyward.Platform.Identity;

/// <summary>
/// Puts the user's identity, role, partner and permissions into the principal, for cookies and API tokens alike.
/// Everything comes from the user row itself: Allyward keeps no per-user claims or roles tables, so building a
/// principal costs no database round trip (the framework's version would read the empty claims table each time).
/// </summary>
internal sealed class AllywardClaimsFactory(
    UserManager<AppUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser>(users, options)
{
    protected override Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var types = Options.ClaimsIdentity;
        var identity = new ClaimsIdentity(IdentityConstants.ApplicationScheme, types.UserNameClaimType, types.RoleClaimType);
        identity.AddClaim(new Claim(types.UserIdClaimType, user.Id.ToString()));
        identity.AddClaim(new Claim(types.UserNameClaimType, user.UserName ?? ""));
        if (user.Email is { } email) identity.AddClaim(new Claim(types.EmailClaimType, email));
        if (user.SecurityStamp is { } stamp) identity.AddClaim(new Claim(types.SecurityStampClaimType, stamp));
        identity.AddClaim(new Claim(AllywardClaims.Role, user.Role.ToString()));
        identity.AddClaim(new Claim(AllywardClaims.FullName, user.FullName));
        if (user.PartnerId is { } partnerId)
        {
            identity.AddClaim(new Claim(AllywardClaims.PartnerId, partnerId.ToString()));
        }
        foreach (var permission in PermissionCatalog.For(user.Role))
        {
            identity.AddClaim(new Claim(AllywardClaims.Permission, permission));
        }
        return Task.FromResult(identity);
    }
}
