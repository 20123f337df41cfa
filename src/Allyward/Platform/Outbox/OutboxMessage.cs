using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Platform.Outbox;

/// <summary>A side effect to carry out after the change that caused it has been committed.</summary>
public sealed class OutboxMessage
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public string Type { get; init; } = "";
    public string Payload { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    public DateTime NextAttemptAt { get; set; }
    public int Attempts { get; set; }
    public DateTime? ProcessedAt { get; set; }

    /// <summary>Set when the message has failed too often to try again; it stays for an operator to inspect.</summary>
    public DateTime? FailedAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>A node that claimed the message holds it until this time; after that another node may take it.</summary>
    public DateTime? LockedUntil { get; set; }

    public string? LockedBy { get; set; }

    /// <summary>The id of the request that queued the message (its <c>RequestId</c> in the logs), so a delivery can be traced back to it.</summary>
    public string? RequestId { get; init; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> message)
    {
        message.Property(m => m.Type).HasMaxLength(100);
        message.Property(m => m.LockedBy).HasMaxLength(200);
        message.Property(m => m.RequestId).HasMaxLength(100);
        message.HasIndex(m => new { m.ProcessedAt, m.FailedAt, m.NextAttemptAt });
    }
}
