using System.Security.Cryptography;
using System.Text;
using Allyward.Platform.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Platform.Tokens;

/// <summary>A personal API token. Only its SHA-256 hash is stored; the token itself is shown once.</summary>
public sealed class ApiToken : IAudited, Data.ICachedConfiguration
{
    public const string TokenPrefix = "aw_";

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; init; }

    /// <summary>The user's partner, copied so a partner admin's token list is isolated like any partner data.</summary>
    public Guid? PartnerId { get; init; }

    public string Name { get; init; } = "";

    /// <summary>The first characters of the token, to recognise it in a list.</summary>
    public string Hint { get; init; } = "";

    [NotAudited]
    public string Hash { get; init; } = "";

    public DateTime CreatedAt { get; init; }
    public Guid? CreatedById { get; init; }
    public DateTime ExpiresAt { get; init; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }

    public bool IsValidAt(DateTime now) => RevokedAt is null && ExpiresAt > now;

    public static string HashOf(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string NewSecret() =>
        TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> token)
    {
        token.Property(t => t.Name).HasMaxLength(100);
        token.Property(t => t.Hint).HasMaxLength(20);
        token.Property(t => t.Hash).HasMaxLength(64);
        token.HasIndex(t => t.Hash).IsUnique();
        token.HasIndex(t => t.UserId);
        token.HasIndex(t => t.PartnerId);
    }
}
