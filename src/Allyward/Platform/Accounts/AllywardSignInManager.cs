using Allyward.Platform.Identity;
using Allyward.Platform.Isolation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allyward.Platform.Accounts;

/// <summary>
/// Identity's sign-in manager, refusing deactivated users, invited users who have not set a password, and users of a
/// partner that has no access in its stage (<see cref="CallerAccess"/>).
/// </summary>
internal sealed class AllywardSignInManager(
    UserManager<AppUser> users, IHttpContextAccessor http, IUserClaimsPrincipalFactory<AppUser> claims,
    IOptions<IdentityOptions> options, ILogger<SignInManager<AppUser>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation, CallerAccess access)
    : SignInManager<AppUser>(users, http, claims, options, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(AppUser user) =>
        user.IsActive && user.HasAcceptedInvitation
        && (user.PartnerId is not { } partnerId || await access.PartnerAccessAsync(partnerId) != Access.None)
        && await base.CanSignInAsync(user);
}
