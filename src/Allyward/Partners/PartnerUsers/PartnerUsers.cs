using Allyward.Partners.Contracts;
using Allyward.Platform.Accounts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Partners.PartnerUsers;

/// <summary>Portal users of one partner organization: list, invite, deactivate.</summary>
public sealed class PartnerUsersHandler(
    AllywardDbContext db, UserAccounts accounts, PartnerTimeline timeline, CurrentUser currentUser)
{
    public async Task<Outcome<Paged<UserItem>>> ListAsync(Guid partnerId, PageRequest page, CancellationToken cancellationToken = default)
    {
        if (!await db.Partners.AnyAsync(p => p.Id == partnerId, cancellationToken)) return Outcome<Paged<UserItem>>.NotFound("No such partner.");
        return await db.Users.AsNoTracking().Where(u => u.PartnerId == partnerId)
            .OrderBy(u => u.FullName).ThenBy(u => u.Id)
            .Select(u => new UserItem(u.Id, u.Email!, u.FullName, u.Role, u.PartnerId, u.IsActive, u.PasswordHash == null, u.LastSignInAt, u.TwoFactorEnabled))
            .ToPageAsync(page, cancellationToken);
    }

    public async Task<Outcome<UserItem>> InviteAsync(Guid partnerId, InviteUserRequest request, CancellationToken cancellationToken = default)
    {
        var partner = await db.Partners.SingleOrDefaultAsync(p => p.Id == partnerId, cancellationToken);
        if (partner is null) return Outcome<UserItem>.NotFound("No such partner.");
        if (partner.Stage is PartnerStage.Former or PartnerStage.Rejected)
        {
            return Outcome<UserItem>.Conflict($"A partner in stage {Labels.Of(partner.Stage)} cannot get new users.");
        }
        timeline.Record(partner.Id, "user-invited", $"{request.FullName?.Trim()} <{request.Email?.Trim()}> invited as {request.Role?.DisplayName()}.");
        var outcome = await accounts.InviteAsync(partner.Id, partner.Name, request, cancellationToken);
        if (!outcome.Succeeded) db.ChangeTracker.Clear();
        return outcome;
    }

    public async Task<Outcome<UserItem>> ChangeRoleAsync(Guid partnerId, Guid userId, ChangeRoleRequest request, CancellationToken cancellationToken = default)
    {
        var errors = ValidationErrors.Of(request);
        if (request.Role is { } wanted && !wanted.IsPartnerRole()) errors.Add("role", "Partner users take a partner role.");
        if (errors.Any) return Outcome<UserItem>.Invalid(errors);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId && u.PartnerId == partnerId, cancellationToken);
        if (user is null) return Outcome<UserItem>.NotFound("No such user in this partner organization.");
        var role = request.Role!.Value;
        if (user.Role == role) return UserAccounts.ToItem(user);
        if (user.Id == currentUser.Id) return Outcome<UserItem>.Conflict("You cannot change your own role; ask another admin or your channel account manager.");
        timeline.Record(partnerId, "user-role-changed", $"{user.FullName} <{user.Email}> is now {role.DisplayName()} (was {user.Role.DisplayName()}).");
        user.Role = role;
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        await accounts.PartnerUserChangedAsync(user, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return UserAccounts.ToItem(user);
    }

    public async Task<Outcome<UserItem>> DeactivateAsync(Guid partnerId, Guid userId, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId && u.PartnerId == partnerId, cancellationToken);
        if (user is null) return Outcome<UserItem>.NotFound("No such user in this partner organization.");
        if (user.IsActive && user.Id != currentUser.Id)
        {
            timeline.Record(partnerId, "user-deactivated", $"{user.FullName} <{user.Email}> deactivated.");
        }
        return await accounts.DeactivateAsync(user, currentUser.Id, cancellationToken);
    }
}

public sealed record ChangeRoleRequest
{
    [System.ComponentModel.DataAnnotations.Required(ErrorMessage = "Choose the role.")]
    public UserRole? Role { get; init; }
}
