using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Platform.Idempotency;

/// <summary>
/// A POST sent with an <c>Idempotency-Key</c> header, kept for a day so that a retry of it is answered with the first
/// answer instead of doing the work again. The row is inserted before the request runs (pending), so a second copy that
/// arrives meanwhile finds it; it is marked committed in the same save as the request's change, and holds the answer
/// once the request ended.
/// </summary>
public sealed class IdempotencyKey
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>Whose key it is: the id of the user the request acts for (keys of different callers never meet).</summary>
    public string Caller { get; init; } = "";

    public string Key { get; init; } = "";

    /// <summary>SHA-256 of the method, path, query and body: a retry must send the same request.</summary>
    public string RequestHash { get; init; } = "";

    public DateTime CreatedAt { get; init; }
    public DateTime ExpiresAt { get; init; }

    /// <summary>While the first request runs, until this time; a request that died holds the key no longer than this.</summary>
    public DateTime? LockedUntil { get; set; }

    /// <summary>When the request's change was saved (in the same transaction): from then on its work is never done again.</summary>
    public DateTime? CommittedAt { get; set; }

    public DateTime? CompletedAt { get; set; }
    public int? StatusCode { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public byte[]? Body { get; set; }
}

internal sealed class IdempotencyKeyConfiguration : IEntityTypeConfiguration<IdempotencyKey>
{
    public void Configure(EntityTypeBuilder<IdempotencyKey> key)
    {
        key.ToTable("IdempotencyKeys");
        key.Property(k => k.Caller).HasMaxLength(100);
        key.Property(k => k.Key).HasMaxLength(IdempotentRequests.MaxKeyLength);
        key.Property(k => k.RequestHash).HasMaxLength(64);
        key.Property(k => k.ContentType).HasMaxLength(200);
        key.Property(k => k.Location).HasMaxLength(2000);
        key.HasIndex(k => new { k.Caller, k.Key }).IsUnique();
        key.HasIndex(k => k.ExpiresAt);
    }
}
