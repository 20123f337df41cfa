using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Allyward.Platform.Identity;

/// <summary>Puts the user's role, partner and permissions into the principal, for cookies and API tokens alike.</summary>
internal sealed class AllywardClaimsFactory(
    UserManager<AppUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
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
        return identity;
    }
}
