using Allyward.Partners.Contracts;
using Allyward.Platform.Data;
using Allyward.Platform.Seeding;
using Allyward.Programs.Currencies;
using Allyward.Programs.Kpis;

namespace Allyward.Programs;

/// <summary>
/// Monthly EUR, GBP and CAD rates into USD for the last 13 months, and a customer satisfaction KPI with quarterly values
/// for four active partners.
/// </summary>
internal sealed class ProgramCurrencyDemoData(AllywardDbContext db) : IDemoData
{
    public async Task SeedAsync(DemoSeed seed, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(seed.Now);
        var firstOfMonth = new DateOnly(today.Year, today.Month, 1);
        (string Currency, decimal Base, decimal Swing)[] pairs = [("EUR", 1.0850m, 0.025m), ("GBP", 1.2700m, 0.030m), ("CAD", 0.7350m, 0.015m)];
        foreach (var (currency, rate, swing) in pairs)
        {
            for (var month = 12; month >= 0; month--)
            {
                // A gentle drift with a little noise, as monthly reference rates move.
                var drift = swing * (decimal)Math.Sin(month / 2.0);
                var noise = (decimal)(seed.Random.NextDouble() - 0.5) * swing / 5;
                db.ExchangeRates.Add(new ExchangeRate
                {
                    FromCurrency = currency, ToCurrency = "USD", EffectiveOn = firstOfMonth.AddMonths(-month), Rate = decimal.Round(rate + drift + noise, 4),
                });
            }
        }

        var csat = new CustomKpi
        {
            Name = "Customer satisfaction (CSAT)",
            Description = "The share of surveyed customers who rated the partner's service 4 or 5 out of 5, per quarter.",
            Unit = "percent",
            CreatedAt = seed.Now.AddMonths(-13),
        };
        db.CustomKpis.Add(csat);
        var partners = seed.Get<DemoPartners>().All.Where(p => p.Stage == PartnerStage.Active).Take(4).ToList();
        var quarterStart = new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1);
        foreach (var (partner, i) in partners.Select((p, i) => (p, i)))
        {
            for (var q = 4; q >= 1; q--)
            {
                var start = quarterStart.AddMonths(-3 * q);
                db.KpiValues.Add(new KpiValue
                {
                    KpiId = csat.Id, PartnerId = partner.Id, PeriodStart = start, PeriodEnd = start.AddMonths(3).AddDays(-1),
                    Value = 78 + 4 * i - q + seed.Random.Next(0, 4), RecordedAt = seed.Now.AddDays(-90 * q + 10), RecordedBy = "Program admin",
                });
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
