using System.Globalization;
using Allyward.Platform.Api;

namespace Allyward.Programs.Evaluation;

/// <summary>
/// A program's tiers, lowest first, judged against measured values: which requirements a partner meets, the highest
/// tier it qualifies for, and what it still misses. The evaluation, the what-if and the scorecard all judge here, so
/// they can never disagree.
/// </summary>
public sealed class TierLadder
{
    public TierLadder(PartnerProgram program, IEnumerable<Tier> tiers, DateOnly asOf, RequirementNames names)
    {
        Program = program;
        Tiers = [.. tiers.OrderBy(t => t.Rank)];
        AsOf = asOf;
        Names = names;
    }

    public PartnerProgram Program { get; }
    public IReadOnlyList<Tier> Tiers { get; }
    public DateOnly AsOf { get; }
    public RequirementNames Names { get; }
    public Tier Entry => Tiers[0];

    /// <summary>Every measure the tiers need on <see cref="AsOf"/>.</summary>
    public IReadOnlyList<MetricRequest> Requests =>
        [.. Tiers.SelectMany(t => t.Requirements.Items).Select(r => MetricRequest.For(r, AsOf)).Distinct()];

    public RequirementResults Judge(Tier tier, Guid partnerId, MetricValues values) => new()
    {
        Tier = tier.Name,
        Items = [.. tier.Requirements.Items.Select(r =>
        {
            var value = values.Get(partnerId, MetricRequest.For(r, AsOf));
            return new RequirementResult(r.Id, r.Kind, Names.Label(r, Program.Currency), value, r.Target, r.Required, value >= r.Target);
        })],
    };

    public static bool Meets(Tier tier, RequirementResults results) =>
        results.Items.Where(r => r.Required).All(r => r.Met) && results.Items.Count(r => !r.Required && r.Met) >= tier.Requirements.OptionalNeeded;

    /// <summary>The highest tier whose requirements the partner meets; the entry tier when it meets none above it.</summary>
    public (Tier Tier, RequirementResults Results) Qualified(Guid partnerId, MetricValues values)
    {
        for (var i = Tiers.Count - 1; i > 0; i--)
        {
            var results = Judge(Tiers[i], partnerId, values);
            if (Meets(Tiers[i], results)) return (Tiers[i], results);
        }
        return (Entry, Judge(Entry, partnerId, values));
    }

    public Tier? Above(Tier tier) => Tiers.FirstOrDefault(t => t.Rank > tier.Rank);

    /// <summary>
    /// How far the partner is toward a tier, 0–100: each requirement that counts (the required ones, and the best
    /// "N of M" others) contributes its share of value to target, capped at its target.
    /// </summary>
    public static int Progress(Tier tier, RequirementResults results)
    {
        static double Share(RequirementResult r) => r.Target <= 0 ? 1 : Math.Min(1, (double)r.Value / r.Target);
        var counted = results.Items.Where(r => r.Required).Select(Share)
            .Concat(results.Items.Where(r => !r.Required).Select(Share).OrderByDescending(s => s).Take(tier.Requirements.OptionalNeeded))
            .ToList();
        return counted.Count == 0 ? 100 : (int)Math.Floor(100 * counted.Average());
    }

    /// <summary>What is missing, in words: "48,300.00 USD more won revenue", "2 more people certified in Kestrel Vault Engineer".</summary>
    public static string? Missing(RequirementResult result, string currency)
    {
        if (result.Met) return null;
        var gap = result.Target - result.Value;
        return result.Kind switch
        {
            RequirementKind.WonRevenue => $"{MoneyRules.Format(gap, currency)} more won revenue",
            RequirementKind.WonDeals => $"{Count(gap, "more won deal", "more won deals")}",
            RequirementKind.NewCustomersWon => $"{Count(gap, "more new customer won", "more new customers won")}",
            RequirementKind.CertifiedPeople => $"{Count(gap, "more certified person", "more certified people")}",
            RequirementKind.OnboardingCompleted => "Complete onboarding",
            RequirementKind.AgreementSigned => "Sign the agreement",
            RequirementKind.CustomKpi => string.Create(CultureInfo.InvariantCulture, $"{gap:N0} more"),
            _ => null,
        } is { } words ? $"{words} ({result.Label})" : null;
    }

    private static string Count(long n, string one, string many) => string.Create(CultureInfo.InvariantCulture, $"{n:N0} {(n == 1 ? one : many)}");
}

/// <summary>Names of what requirements refer to (certifications, KPIs), for labels people read.</summary>
public sealed class RequirementNames(IReadOnlyDictionary<Guid, string> certifications, IReadOnlyDictionary<Guid, string> kpis)
{
    public static readonly RequirementNames None = new(new Dictionary<Guid, string>(), new Dictionary<Guid, string>());

    public string Label(TierRequirement r, string currency)
    {
        var window = r.WindowMonths == 12 ? "last 12 months" : $"last {r.WindowMonths} months";
        return r.Kind switch
        {
            RequirementKind.WonRevenue => $"Won revenue ({currency}), {window}",
            RequirementKind.WonDeals => $"Won deals, {window}",
            RequirementKind.NewCustomersWon => $"New customers won, {window}",
            RequirementKind.CertifiedPeople => r.CertificationId is { } c ? $"People certified in {certifications.GetValueOrDefault(c, "a removed certification")}" : "Certified people",
            RequirementKind.OnboardingCompleted => "Onboarding completed",
            RequirementKind.AgreementSigned => string.IsNullOrWhiteSpace(r.AgreementTitle) ? "An agreement signed" : $"Signed: {r.AgreementTitle}",
            RequirementKind.CustomKpi => $"{(r.KpiId is { } k ? kpis.GetValueOrDefault(k, "A removed KPI") : "A KPI")}, {window}",
            _ => r.Kind.ToString(),
        };
    }
}
