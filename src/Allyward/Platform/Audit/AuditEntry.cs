using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Platform.Audit;

/// <summary>Marks an entity whose creation, changes and deletion are written to the audit log.</summary>
public interface IAudited;

/// <summary>Names the audit action recorded when an entity of this type is created, instead of "{entity}.created".</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AuditCreationAsAttribute(string action) : Attribute
{
    public string Action { get; } = action;
}

/// <summary>A property whose value never appears in the audit log (secrets, hashes, stamps).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotAuditedAttribute : Attribute;

/// <summary>One recorded event. Append-only: the audit interceptor refuses to update or delete entries.</summary>
public sealed class AuditEntry
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public DateTime At { get; init; }
    public Guid? ActorId { get; init; }
    public string ActorName { get; init; } = "";
    public string Action { get; init; } = "";
    public string EntityType { get; init; } = "";
    public string? EntityId { get; init; }
    public Guid? PartnerId { get; init; }

    /// <summary>JSON object of the changed fields: <c>{ "field": { "before": ..., "after": ... } }</c>.</summary>
    public string? Changes { get; init; }

    public string? IpAddress { get; init; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.Property(e => e.ActorName).HasMaxLength(256);
        entry.Property(e => e.Action).HasMaxLength(100);
        entry.Property(e => e.EntityType).HasMaxLength(100);
        entry.Property(e => e.EntityId).HasMaxLength(100);
        entry.Property(e => e.IpAddress).HasMaxLength(64);
        entry.HasIndex(e => e.At);
        entry.HasIndex(e => new { e.EntityType, e.EntityId });
        entry.HasIndex(e => e.ActorId);
        entry.HasIndex(e => e.PartnerId);
    }
}
