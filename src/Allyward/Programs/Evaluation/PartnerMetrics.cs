using Allyward.Agreements.Contracts;
using Allyward.Deals.Contracts;
using Allyward.Learning.Contracts;
using Allyward.Partners.Contracts;
using Allyward.Platform.Data;
using Allyward.Programs.Currencies;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Programs.Evaluation;

/// <summary>
/// One measure over a window of days, <see cref="From"/> to <see cref="To"/> inclusive. Measures of a moment
/// (certified people, onboarding, a signed agreement) are read at the end of <see cref="To"/>.
/// </summary>
public sealed record MetricRequest(RequirementKind Kind, DateOnly From, DateOnly To, Guid? CertificationId = null, string? AgreementTitle = null, Guid? KpiId = null)
{
    /// <summary>The request a tier requirement makes on a day: its trailing window ends that day.</summary>
    public static MetricRequest For(TierRequirement requirement, DateOnly asOf) => new(
        requirement.Kind,
        TierRequirement.IsMeasuredOverTime(requirement.Kind) ? asOf.AddMonths(-requirement.WindowMonths).AddDays(1) : asOf,
        asOf,
        requirement.Kind == RequirementKind.CertifiedPeople ? requirement.CertificationId : null,
        requirement.Kind == RequirementKind.AgreementSigned ? NullIfEmpty(requirement.AgreementTitle) : null,
        requirement.Kind == RequirementKind.CustomKpi ? requirement.KpiId : null);

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>The values measured: per partner and request; a partner with nothing counted has 0.</summary>
public sealed class MetricValues
{
    private readonly Dictionary<(Guid, MetricRequest), long> _values = [];
    private readonly SortedSet<string> _unconverted = new(StringComparer.Ordinal);

    public long Get(Guid partnerId, MetricRequest request) => _values.GetValueOrDefault((partnerId, request));

    /// <summary>Currencies of won deals that had no exchange rate into the program's currency on their day, and so did not count.</summary>
    public IReadOnlyCollection<string> CurrenciesWithoutRate => _unconverted;

    internal void Add(Guid partnerId, MetricRequest request, long value) =>
        _values[(partnerId, request)] = _values.GetValueOrDefault((partnerId, request)) + value;

    internal void Set(Guid partnerId, MetricRequest request, long value) => _values[(partnerId, request)] = value;

    internal void MissingRate(string currency) => _unconverted.Add(currency);
}

/// <summary>
/// Computes the measures tiers and business plans are judged by, set-wise: one grouped query per measure and window,
/// however many partners. Isolation applies as for the caller, so a partner user measures only its own organization.
/// </summary>
public sealed class PartnerMetrics(AllywardDbContext db)
{
    public async Task<MetricValues> ComputeAsync(
        IReadOnlyList<MetricRequest> requests, string currency, IReadOnlyCollection<Guid>? partnerIds, CancellationToken cancellationToken = default)
    {
        var values = new MetricValues();
        var distinct = requests.Distinct().ToList();
        ExchangeRateTable? rates = null;

        foreach (var window in distinct.Where(r => r.Kind is RequirementKind.WonRevenue or RequirementKind.WonDeals).GroupBy(r => (r.From, r.To)))
        {
            rates ??= await ExchangeRateTable.LoadAsync(db, currency, cancellationToken);
            await WonDealsAsync(window.Key.From, window.Key.To, window.ToList(), rates, partnerIds, values, cancellationToken);
        }
        foreach (var request in distinct)
        {
            switch (request.Kind)
            {
                case RequirementKind.NewCustomersWon:
                    await NewCustomersAsync(request, partnerIds, values, cancellationToken);
                    break;
                case RequirementKind.CertifiedPeople:
                    await CertifiedAsync(request, partnerIds, values, cancellationToken);
                    break;
                case RequirementKind.OnboardingCompleted:
                    var active = db.PartnerSummaries.Where(p => p.Stage == PartnerStage.Active);
                    if (partnerIds is not null) active = active.Where(p => partnerIds.Contains(p.Id));
                    foreach (var id in await active.Select(p => p.Id).ToListAsync(cancellationToken)) values.Set(id, request, 1);
                    break;
                case RequirementKind.AgreementSigned:
                    foreach (var id in await SignedAgreements.PartnersWhoSignedAsync(db, request.AgreementTitle, EndOf(request.To), cancellationToken))
                        if (partnerIds is null || partnerIds.Contains(id)) values.Set(id, request, 1);
                    break;
                case RequirementKind.CustomKpi:
                    var kpiValues = db.KpiValues.AsNoTracking().Where(v => v.KpiId == request.KpiId && v.PeriodEnd >= request.From && v.PeriodEnd <= request.To);
                    if (partnerIds is not null) kpiValues = kpiValues.Where(v => partnerIds.Contains(v.PartnerId));
                    foreach (var row in await kpiValues.GroupBy(v => v.PartnerId).Select(g => new { PartnerId = g.Key, Sum = g.Sum(v => v.Value) }).ToListAsync(cancellationToken))
                        values.Set(row.PartnerId, request, row.Sum);
                    break;
            }
        }
        return values;
    }

    // Won revenue in the program's currency sums in the database; other currencies sum per partner, currency and
    // day there, and each day's sum converts at that day's rate.
    private async Task WonDealsAsync(DateOnly from, DateOnly to, List<MetricRequest> requests, ExchangeRateTable rates,
        IReadOnlyCollection<Guid>? partnerIds, MetricValues values, CancellationToken cancellationToken)
    {
        var won = WonDeals.Query(db).Where(d => d.ClosedOn >= from && d.ClosedOn <= to);
        if (partnerIds is not null) won = won.Where(d => partnerIds.Contains(d.PartnerId));
        var home = rates.Currency;
        var revenue = requests.FirstOrDefault(r => r.Kind == RequirementKind.WonRevenue);
        var count = requests.FirstOrDefault(r => r.Kind == RequirementKind.WonDeals);

        var sameCurrency = await won.Where(d => d.Currency == home).GroupBy(d => d.PartnerId)
            .Select(g => new { PartnerId = g.Key, Amount = g.Sum(d => d.AmountMinor), Deals = g.Count() })
            .ToListAsync(cancellationToken);
        foreach (var row in sameCurrency)
        {
            if (revenue is not null) values.Add(row.PartnerId, revenue, row.Amount);
            if (count is not null) values.Add(row.PartnerId, count, row.Deals);
        }

        var otherCurrencies = await won.Where(d => d.Currency != home).GroupBy(d => new { d.PartnerId, d.Currency, d.ClosedOn })
            .Select(g => new { g.Key.PartnerId, g.Key.Currency, g.Key.ClosedOn, Amount = g.Sum(d => d.AmountMinor), Deals = g.Count() })
            .ToListAsync(cancellationToken);
        foreach (var row in otherCurrencies)
        {
            if (count is not null) values.Add(row.PartnerId, count, row.Deals);
            if (revenue is null) continue;
            if (rates.Convert(row.Amount, row.Currency, row.ClosedOn) is { } converted) values.Add(row.PartnerId, revenue, converted);
            else values.MissingRate(row.Currency);
        }
    }

    // A customer is new to a partner when the partner's first won deal with it falls in the window.
    private async Task NewCustomersAsync(MetricRequest request, IReadOnlyCollection<Guid>? partnerIds, MetricValues values, CancellationToken cancellationToken)
    {
        var won = WonDeals.Query(db);
        if (partnerIds is not null) won = won.Where(d => partnerIds.Contains(d.PartnerId));
        var firsts = await won.GroupBy(d => new { d.PartnerId, d.CustomerKey })
            .Where(g => g.Min(d => d.ClosedOn) >= request.From && g.Min(d => d.ClosedOn) <= request.To)
            .Select(g => g.Key.PartnerId)
            .ToListAsync(cancellationToken);
        foreach (var partnerId in firsts) values.Add(partnerId, request, 1);
    }

    private async Task CertifiedAsync(MetricRequest request, IReadOnlyCollection<Guid>? partnerIds, MetricValues values, CancellationToken cancellationToken)
    {
        var at = EndOf(request.To);
        if (request.CertificationId is { } certificationId)
        {
            foreach (var count in await CertifiedPeople.CountsAsync(db, at, partnerIds, cancellationToken))
                if (count.CertificationId == certificationId && (partnerIds is null || partnerIds.Contains(count.PartnerId)))
                    values.Set(count.PartnerId, request, count.People);
        }
        else
        {
            foreach (var (partnerId, people) in await CertifiedPeople.AnyCertificationCountsAsync(db, at, partnerIds, cancellationToken))
                if (partnerIds is null || partnerIds.Contains(partnerId)) values.Set(partnerId, request, people);
        }
    }

    private static DateTime EndOf(DateOnly day) => day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
}
