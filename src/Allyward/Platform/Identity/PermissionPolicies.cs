using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Allyward.Platform.Identity;

/// <summary>Every permission name is also a policy name: <c>RequireAuthorization(PartnerPermissions.View)</c>.</summary>
internal sealed class PermissionPolicyProvider(IOptions<AuthorizationOptions> options)
    : DefaultAuthorizationPolicyProvider(options)
{
    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        var policy = await base.GetPolicyAsync(policyName);
        if (policy is not null || !PermissionCatalog.All.Contains(policyName))
        {
            return policy;
        }
        return new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .RequireClaim(AllywardClaims.Permission, policyName)
            .Build();
    }
}

public static class Policies
{
    /// <summary>A policy met by a signed-in user who holds any one of <paramref name="permissions"/>.</summary>
    public static Action<AuthorizationPolicyBuilder> AnyOf(params string[] permissions) =>
        policy => policy.RequireAuthenticatedUser().RequireAssertion(context => permissions.Any(context.User.HasPermission));
}
