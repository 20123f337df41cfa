using System.Text.Json;
using Allyward.Partners.Contracts;

namespace Allyward.Recruitment.IdealProfile;

/// <summary>How one criterion of the ideal partner profile scored an application.</summary>
public sealed record CriterionResult(CriterionKind Criterion, int Weight, bool Matched, string Explanation, int Points);

public sealed record FitScore(int Score, IReadOnlyList<CriterionResult> Criteria)
{
    public string ExplanationJson() => JsonSerializer.Serialize(Criteria, Json);

    public static IReadOnlyList<CriterionResult> ParseExplanation(string json) =>
        JsonSerializer.Deserialize<List<CriterionResult>>(json, Json) ?? [];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}

/// <summary>
/// Scores an application 0–100 against the ideal partner profile. Each criterion contributes its weight when
/// the application matches it (for industries and specializations, when at least one value is shared), so
/// the score is the weighted share of criteria met. Points are rounded so that they add up to the score.
/// </summary>
public static class FitScoring
{
    public static FitScore Score(PartnerApplication application, IReadOnlyList<IdealProfileCriterion> profile)
    {
        var totalWeight = profile.Sum(c => c.Weight);
        if (totalWeight == 0)
        {
            return new FitScore(0, []);
        }
        var results = new List<CriterionResult>();
        var earned = 0;
        foreach (var criterion in profile.OrderByDescending(c => c.Weight).ThenBy(c => c.Kind))
        {
            var wanted = criterion.Values.ToHashSet(StringComparer.OrdinalIgnoreCase);
            var offered = Offered(application, criterion.Kind);
            var shared = criterion.Kind == CriterionKind.RequiredAnswer
                ? criterion.Values.Where(keyword => offered.Any(answer => answer.Contains(keyword, StringComparison.OrdinalIgnoreCase))).ToList()
                : offered.Where(wanted.Contains).ToList();
            var matched = shared.Count > 0;
            if (matched) earned += criterion.Weight;
            var explanation = criterion.Kind == CriterionKind.RequiredAnswer
                ? matched
                    ? $"The answers mention {string.Join(", ", shared)}."
                    : $"The answers mention none of: {string.Join(", ", criterion.Values)}."
                : matched
                ? $"{criterion.Kind.Label()} {Shown(criterion.Kind, shared)} is wanted."
                : offered.Count == 0
                    ? $"No {criterion.Kind.Label().ToLowerInvariant()} given; wanted: {Shown(criterion.Kind, criterion.Values)}."
                    : $"{criterion.Kind.Label()} {Shown(criterion.Kind, offered)} is not among the wanted: {Shown(criterion.Kind, criterion.Values)}.";
            results.Add(new CriterionResult(criterion.Kind, criterion.Weight, matched, explanation,
                matched ? (int)Math.Round(100.0 * criterion.Weight / totalWeight) : 0));
        }
        var score = (int)Math.Round(100.0 * earned / totalWeight);
        // Rounding each criterion's points separately can miss the total by one; the largest absorbs it.
        var drift = score - results.Sum(r => r.Points);
        if (drift != 0 && results.FirstOrDefault(r => r.Matched) is { } largest)
        {
            results[results.IndexOf(largest)] = largest with { Points = largest.Points + drift };
        }
        return new FitScore(score, results);
    }

    private static IReadOnlyList<string> Offered(PartnerApplication a, CriterionKind kind) => kind switch
    {
        CriterionKind.Industry => a.Industries,
        CriterionKind.Specialization => a.Specializations,
        CriterionKind.Country => [a.Country],
        CriterionKind.Region => [a.Region.ToString()],
        CriterionKind.SizeBand => [a.SizeBand.ToString()],
        CriterionKind.PartnerType => [a.DesiredType.ToString()],
        CriterionKind.RequiredAnswer => new[] { a.CustomerFocus, a.Motivation }.OfType<string>().ToList(),
        _ => [],
    };

    /// <summary>A wanted or offered value as a person reads it: the label of a region, size or partner type.</summary>
    private static string Shown(CriterionKind kind, IEnumerable<string> values) => string.Join(", ", values.Select(v => kind switch
    {
        CriterionKind.Region when Enum.TryParse<Region>(v, true, out var region) => Labels.Of(region),
        CriterionKind.SizeBand when Enum.TryParse<SizeBand>(v, true, out var size) => Labels.Of(size),
        CriterionKind.PartnerType when Enum.TryParse<PartnerType>(v, true, out var type) => Labels.Of(type),
        _ => v,
    }));
}
