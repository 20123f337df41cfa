using Allyward.Platform.Isolation;
using System.ComponentModel.DataAnnotations;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Allyward.Platform.Mail;
using Allyward.Platform.Outbox;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Allyward.Platform.Accounts;

public sealed record InviteUserRequest
{
    [Required(ErrorMessage = "Enter the e-mail address."), EmailAddressRule,
     StringLength(256, ErrorMessage = "The e-mail address is at most 256 characters.")]
    public string? Email { get; init; }

    [Required(ErrorMessage = "Enter the name."), StringLength(200, MinimumLength = 1, ErrorMessage = "The name is 1 to 200 characters.")]
    public string? FullName { get; init; }

    [Required(ErrorMessage = "Choose a role.")]
    public UserRole? Role { get; init; }
}

public sealed record UserItem(Guid Id, string Email, string FullName, UserRole Role, Guid? PartnerId, bool IsActive, bool InvitationPending, DateTime? LastSignInAt, bool TwoFactorEnabled);

/// <summary>
/// The life of an account: created by invitation, a password set from an e-mailed link (invitation or
/// reset; links carry an Identity token that stops working once used), and deactivation.
/// </summary>
public sealed class UserAccounts(
    AllywardDbContext db, UserManager<AppUser> users, Outbox.Outbox outbox, TimeProvider time, IOptions<AllywardOptions> options,
    CurrentUser currentUser, InvitationBudget budget, IEnumerable<IPartnerUserListener> partnerUserListeners)
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(3);

    /// <summary>Invites a user into a partner organization (<paramref name="partnerId"/>) or the vendor staff (null).</summary>
    public async Task<Outcome<UserItem>> InviteAsync(Guid? partnerId, string organizationName, InviteUserRequest request, CancellationToken cancellationToken = default)
    {
        var errors = ValidationErrors.Of(request);
        if (request.FullName is not null && string.IsNullOrWhiteSpace(request.FullName)) errors.Add("fullName", "Enter the name.");
        if (request.Role is { } role && role.IsPartnerRole() != (partnerId is not null))
        {
            errors.Add("role", partnerId is null ? "Vendor staff take a vendor role." : "Partner users take a partner role.");
        }
        if (errors.Any) return Outcome<UserItem>.Invalid(errors);

        var email = request.Email!.Trim();
        var normalized = users.NormalizeEmail(email);
        var now = time.GetUtcNow().UtcDateTime;
        if (!currentUser.SeesAllPartners && !budget.TryTake(currentUser.Id, now))
        {
            return Outcome<UserItem>.Conflict($"You sent {InvitationBudget.PerHour} invitations in the last hour; try again later.");
        }
        var existing = await db.Users.AsSystem().Where(u => u.NormalizedEmail == normalized)
            .Select(u => new { u.Email, u.FullName, u.PartnerId }).SingleOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            // Those who see every account (vendor staff) and those inviting into the organization the address already
            // belongs to (whose users they see) learn nothing new from a plain answer.
            if (currentUser.SeesAllPartners || existing.PartnerId == partnerId)
            {
                return Outcome<UserItem>.Conflict("A user with this e-mail address already exists.");
            }
            return await AnswerAsIfInvitedAsync(existing.Email!, organizationName, email, request, partnerId, now, cancellationToken);
        }

        var user = new AppUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            FullName = request.FullName!.Trim(),
            Role = request.Role!.Value,
            PartnerId = partnerId,
            CreatedAt = now,
            InvitedAt = now,
            LockoutEnabled = true,
        };
        // UserManager saves on its own; the invitation mail must commit with the user, so both go in one transaction
        // (the caller's, when it already has one).
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var created = await users.CreateAsync(user);
        if (!created.Succeeded) return Outcome<UserItem>.Invalid(IdentityErrors(created));
        if (user.IsPartnerUser) await PartnerUserChangedAsync(user, cancellationToken);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        outbox.Enqueue(new EmailMessage(email, $"You are invited to {organizationName} on Allyward",
            $"""
            Hello {user.FullName},

            You have been invited to join {organizationName} on Allyward as {user.Role.DisplayName()}.
            Choose your password here (the link works for {LinkLifetime.TotalDays} days):

            {Link("account/accept-invitation", user.Id, token)}
            """));
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null) await transaction.CommitAsync(cancellationToken);
        return ToItem(user);
    }

    /// <summary>Tells the modules that a partner user joined or took another role; their changes join the caller's save.</summary>
    public async Task PartnerUserChangedAsync(AppUser user, CancellationToken cancellationToken)
    {
        foreach (var listener in partnerUserListeners) await listener.PartnerUserChangedAsync(user, cancellationToken);
    }

    /// <summary>
    /// An invitation, by a partner user, of an address that already has an account in another organization (another
    /// partner or the vendor staff): the caller gets the answer a fresh invitation gets (the invitation as sent, under
    /// an id that is never stored), so inviting cannot be used to find out which addresses have accounts elsewhere.
    /// Nothing is created; the holder of the address gets a neutral note, naming neither its own organization nor
    /// anything about its account, and can ask to be moved if the invitation was wanted. See ADR 0013.
    /// </summary>
    private async Task<Outcome<UserItem>> AnswerAsIfInvitedAsync(
        string holderEmail, string organizationName, string email, InviteUserRequest request, Guid? partnerId, DateTime now, CancellationToken cancellationToken)
    {
        outbox.Enqueue(new EmailMessage(holderEmail, $"You are invited to {organizationName} on Allyward",
            $"""
            Hello,

            {organizationName} invited this e-mail address to Allyward as {request.Role!.Value.DisplayName()}.
            This address already has an Allyward account, so no new account was made and nothing about yours changed.
            An address can belong to one organization only; if you want to join {organizationName}, ask its
            administrator or your channel account manager to move your account.

            If you did not expect this, ignore this message.
            """));
        await db.SaveChangesAsync(cancellationToken);
        return new UserItem(Guid.CreateVersion7(), email, request.FullName!.Trim(), request.Role!.Value, partnerId,
            IsActive: true, InvitationPending: true, LastSignInAt: null, TwoFactorEnabled: false);
    }

    /// <summary>Sets the password of an invited user. The link's token proves the invitation.</summary>
    public async Task<Outcome<UserItem>> AcceptAsync(Guid userId, string token, string password, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.AsSystem().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null || !user.IsActive) return Outcome<UserItem>.NotFound("This invitation link is not valid.");
        if (user.HasAcceptedInvitation) return Outcome<UserItem>.Conflict("This invitation was already accepted. Sign in instead.");
        var result = await users.ResetPasswordAsync(user, token, password);
        if (!result.Succeeded) return Outcome<UserItem>.Invalid(IdentityErrors(result));
        user.EmailConfirmed = true;
        await users.UpdateAsync(user);
        return ToItem(user);
    }

    /// <summary>Sends a reset link if the address belongs to an active user; says nothing either way.</summary>
    public async Task SendPasswordResetAsync(string email, CancellationToken cancellationToken = default)
    {
        var normalized = users.NormalizeEmail(email.Trim());
        var user = await db.Users.AsSystem().SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        if (user is null || !user.IsActive) return;
        var token = await users.GeneratePasswordResetTokenAsync(user);
        outbox.Enqueue(new EmailMessage(user.Email!, "Reset your Allyward password",
            $"""
            Hello {user.FullName},

            Someone asked to reset your Allyward password. If it was you, choose a new one here
            (the link works for {LinkLifetime.TotalDays} days and only once):

            {Link("account/reset-password", user.Id, token)}

            If it was not you, ignore this message; your password stays as it is.
            """));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<Outcome<UserItem>> ResetPasswordAsync(Guid userId, string token, string password, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.AsSystem().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null || !user.IsActive) return Outcome<UserItem>.NotFound("This reset link is not valid.");
        var result = await users.ResetPasswordAsync(user, token, password);
        if (!result.Succeeded) return Outcome<UserItem>.Invalid(IdentityErrors(result));
        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        return ToItem(user);
    }

    /// <summary>Deactivates a user: sign-in, sessions and API tokens stop working. Nothing is deleted.</summary>
    public async Task<Outcome<UserItem>> DeactivateAsync(AppUser user, Guid? actorId, CancellationToken cancellationToken = default)
    {
        if (!user.IsActive) return ToItem(user);
        if (user.Id == actorId) return Outcome<UserItem>.Conflict("You cannot deactivate your own account.");

        var now = time.GetUtcNow().UtcDateTime;
        user.IsActive = false;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        foreach (var token in await db.ApiTokens.AsSystem().Where(t => t.UserId == user.Id && t.RevokedAt == null).ToListAsync(cancellationToken))
        {
            token.RevokedAt = now;
        }
        // One save (Identity's store shares the context): the new security stamp, which ends the user's cookie sessions
        // at their next validation, the revoked tokens, their audit entries, and the nodes told to drop cached copies.
        var saved = await users.UpdateSecurityStampAsync(user);
        if (!saved.Succeeded)
        {
            db.ChangeTracker.Clear();
            return Outcome<UserItem>.Conflict("The user changed meanwhile; try again.");
        }
        return ToItem(user);
    }

    public static UserItem ToItem(AppUser u) =>
        new(u.Id, u.Email!, u.FullName, u.Role, u.PartnerId, u.IsActive, !u.HasAcceptedInvitation, u.LastSignInAt, u.TwoFactorEnabled);

    private string Link(string path, Guid userId, string token) =>
        $"{options.Value.PublicUrl.TrimEnd('/')}/{path}?user={userId}&token={Uri.EscapeDataString(token)}";

    internal static ValidationErrors IdentityErrors(IdentityResult result)
    {
        var errors = new ValidationErrors();
        foreach (var error in result.Errors)
        {
            var field = error.Code switch
            {
                "InvalidToken" => "token",
                var c when c.StartsWith("Password") => "password",
                var c when c.Contains("Email") || c.Contains("UserName") => "email",
                _ => "",
            };
            errors.Add(field, error.Code == "InvalidToken" ? "This link is not valid or has expired." : error.Description);
        }
        return errors;
    }
}

/// <summary>
/// Bounds how many invitations one partner user sends an hour (<see cref="PerHour"/>), per node, so that the neutral
/// answer to an invitation of an address that exists elsewhere cannot be turned into a bulk probe either.
/// </summary>
public sealed class InvitationBudget
{
    public const int PerHour = 30;

    private readonly Dictionary<Guid, Queue<DateTime>> _sent = [];

    public bool TryTake(Guid? inviter, DateTime now)
    {
        if (inviter is not { } id) return false;
        lock (_sent)
        {
            if (!_sent.TryGetValue(id, out var times)) _sent[id] = times = new Queue<DateTime>();
            while (times.Count > 0 && now - times.Peek() >= TimeSpan.FromHours(1)) times.Dequeue();
            if (times.Count >= PerHour) return false;
            times.Enqueue(now);
            return true;
        }
    }
}
