using System.Security.Claims;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Allyward.Platform.Isolation;

/// <summary>What a signed-in caller may do right now.</summary>
public enum Access
{
    /// <summary>Nothing: the user is unknown or deactivated, its session predates a security change, or its organization left.</summary>
    None,
    /// <summary>Read, but change nothing (a partner being offboarded), except through <see cref="AllowedWhileReadOnlyAttribute"/>.</summary>
    ReadOnly,
    Full,
}

/// <summary>
/// Says what the users of a partner organization may do in its current stage of the lifecycle. The module that owns
/// the lifecycle provides it; without one, every partner has full access.
/// </summary>
public interface IPartnerAccessPolicy
{
    Task<Access> AccessOfAsync(Guid partnerId, CancellationToken cancellationToken);
}

/// <summary>
/// The one exception to read-only access (<see cref="Access.ReadOnly"/>): what a partner being offboarded still needs
/// to settle its affairs (e.g. claiming funds it earned). Put it on an API endpoint (as metadata) or on a handler class
/// that pages run through <c>Operations</c>; nothing else may change data for a read-only caller.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
public sealed class AllowedWhileReadOnlyAttribute : Attribute;

/// <summary>A save refused because the caller may only read (see <see cref="Access.ReadOnly"/>).</summary>
public sealed class ReadOnlyAccessException()
    : InvalidOperationException("Your organization's access is read-only while it is being offboarded; nothing was changed.");

/// <summary>
/// Decides, for a principal that was authenticated some time ago (a cookie, a token, an open Blazor circuit), what it
/// may do now: its user must exist and be active, the principal's security stamp must still be the user's (a password
/// reset, deactivation or sign-out everywhere changes it), and its partner's stage must allow access. Every request
/// (<see cref="CurrentUserMiddleware"/>), every page operation and the periodic check of open circuits ask here, so
/// access is decided in this one place. The look-ups are cached like configuration (ADR 0008): a save that changes a
/// user or a partner empties the cache on every node at once.
/// </summary>
public sealed class CallerAccess(
    AllywardDbContext db, ConfigurationCache cache, CurrentUser currentUser, IEnumerable<IPartnerAccessPolicy> policies,
    IOptions<IdentityOptions> identity)
{
    private sealed record Caller(bool IsActive, string? SecurityStamp, Guid? PartnerId);

    public async Task<Access> CheckAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        if (principal.Identity?.IsAuthenticated != true || principal.UserId() is not { } userId) return Access.None;
        using (currentUser.ActAsSystem())
        {
            var caller = await cache.FindAsync($"caller|{userId}", ct => db.Users.AsSystem().AsNoTracking()
                .Where(u => u.Id == userId)
                .Select(u => new Caller(u.IsActive, u.SecurityStamp, u.PartnerId))
                .SingleOrDefaultAsync(ct), cancellationToken);
            if (caller is null || !caller.IsActive) return Access.None;
            var stamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
            if (stamp != caller.SecurityStamp) return Access.None;
            if (caller.PartnerId != principal.PartnerIdOf()) return Access.None;
            return caller.PartnerId is { } partnerId ? await PartnerAccessAsync(partnerId, cancellationToken) : Access.Full;
        }
    }

    /// <summary>What the users of a partner may do in its current stage (the strictest answer of the policies).</summary>
    public async Task<Access> PartnerAccessAsync(Guid partnerId, CancellationToken cancellationToken = default)
    {
        var access = Access.Full;
        foreach (var policy in policies)
        {
            var answer = await policy.AccessOfAsync(partnerId, cancellationToken);
            if (answer < access) access = answer;
        }
        return access;
    }
}
