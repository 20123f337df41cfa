using Allyward.Platform.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Programs.Currencies;

/// <summary>
/// One unit of <see cref="FromCurrency"/> is worth <see cref="Rate"/> units of <see cref="ToCurrency"/> from
/// <see cref="EffectiveOn"/> until the next rate of the pair. Maintained by admins, by API or CSV.
/// </summary>
public sealed class ExchangeRate : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public string FromCurrency { get; init; } = "";
    public string ToCurrency { get; init; } = "";
    public DateOnly EffectiveOn { get; init; }
    public decimal Rate { get; set; }
}

internal sealed class ExchangeRateConfiguration : IEntityTypeConfiguration<ExchangeRate>
{
    public void Configure(EntityTypeBuilder<ExchangeRate> rate)
    {
        rate.ToTable("ExchangeRates");
        rate.Property(r => r.FromCurrency).HasMaxLength(3);
        rate.Property(r => r.ToCurrency).HasMaxLength(3);
        rate.Property(r => r.Rate).HasPrecision(28, 10);
        rate.HasIndex(r => new { r.FromCurrency, r.ToCurrency, r.EffectiveOn }).IsUnique();
    }
}
