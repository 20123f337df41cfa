using Allyward.Platform.Audit;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Programs.Kpis;

/// <summary>A measure the vendor keeps outside Allyward ("Customer satisfaction", "Managed seats"), set per partner and period.</summary>
public sealed class CustomKpi : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";

    /// <summary>What one unit is ("seats", "points"), shown next to values.</summary>
    public string Unit { get; set; } = "";
    public DateTime CreatedAt { get; init; }
}

/// <summary>A KPI's value for one partner over one period; the periods of a partner's values of one KPI never overlap.</summary>
public sealed class KpiValue : IPartnerOwned, IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid KpiId { get; init; }
    public Guid PartnerId { get; init; }
    public DateOnly PeriodStart { get; init; }
    public DateOnly PeriodEnd { get; init; }
    public long Value { get; set; }
    public DateTime RecordedAt { get; set; }
    public string RecordedBy { get; set; } = "";
}

internal sealed class CustomKpiConfiguration : IEntityTypeConfiguration<CustomKpi>, IEntityTypeConfiguration<KpiValue>
{
    public void Configure(EntityTypeBuilder<CustomKpi> kpi)
    {
        kpi.ToTable("CustomKpis");
        kpi.Property(k => k.Name).HasMaxLength(120);
        kpi.Property(k => k.Description).HasMaxLength(1000);
        kpi.Property(k => k.Unit).HasMaxLength(40);
        kpi.HasIndex(k => k.Name).IsUnique();
    }

    public void Configure(EntityTypeBuilder<KpiValue> value)
    {
        value.ToTable("KpiValues");
        value.ReferencesPartner(v => v.PartnerId);
        value.Property(v => v.RecordedBy).HasMaxLength(200);
        value.HasOne<CustomKpi>().WithMany().HasForeignKey(v => v.KpiId).OnDelete(DeleteBehavior.Cascade);
        value.HasIndex(v => new { v.KpiId, v.PartnerId, v.PeriodStart }).IsUnique();
    }
}
