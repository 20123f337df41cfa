using Microsoft.AspNetCore.Identity;

namespace Allyward.Platform.Identity;

public sealed class AppUser : IdentityUser<Guid>, Audit.IAudited, Data.ICachedConfiguration
{
    public string FullName { get; set; } = "";
    public UserRole Role { get; set; }

    /// <summary>The partner organization of a partner user; null for vendor staff.</summary>
    public Guid? PartnerId { get; set; }

    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime? InvitedAt { get; set; }
    public DateTime? LastSignInAt { get; set; }

    public bool IsPartnerUser => PartnerId is not null;

    /// <summary>Invited users have no password until they accept the invitation.</summary>
    public bool HasAcceptedInvitation => PasswordHash is not null;
}
