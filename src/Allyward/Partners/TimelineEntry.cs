using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Partners;

/// <summary>One line in a partner's history, written by whichever module did something with the partner.</summary>
public sealed class TimelineEntry : IPartnerOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid PartnerId { get; init; }
    public DateTime At { get; init; }
    public string Kind { get; init; } = "";
    public string Summary { get; init; } = "";
    public string ActorName { get; init; } = "";
}

internal sealed class TimelineEntryConfiguration : IEntityTypeConfiguration<TimelineEntry>
{
    public void Configure(EntityTypeBuilder<TimelineEntry> entry)
    {
        entry.ToTable("TimelineEntries");
        entry.Property(e => e.Kind).HasMaxLength(60);
        entry.Property(e => e.Summary).HasMaxLength(1000);
        entry.Property(e => e.ActorName).HasMaxLength(200);
        entry.HasOne<Partner>().WithMany().HasForeignKey(e => e.PartnerId);
        entry.HasIndex(e => new { e.PartnerId, e.At });
    }
}
