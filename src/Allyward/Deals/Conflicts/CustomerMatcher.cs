namespace Allyward.Deals.Conflicts;

public enum MatchRule { SameDomain, SameName, NearlySameName }

/// <summary>Why two customers are taken to be the same company, with how similar their names are (0–1).</summary>
public sealed record MatchReason(MatchRule Rule, string Explanation, double Similarity);

/// <summary>
/// Decides whether two deal customers are the same company. Same registrable domain, or the same normalized
/// name, match outright. A nearly identical name matches only as a typo: the same words but one, of five letters or
/// more, which differs by at most one edit (two from eight letters on), or the same letters with different spacing. So
/// "Pinnacle Sytems" matches "Pinnacle Systems", while "American Airlines" and "American Express" do not.
/// </summary>
public static class CustomerMatcher
{
    public static IReadOnlyList<MatchReason> Reasons(CustomerIdentity a, CustomerIdentity b)
    {
        var reasons = new List<MatchReason>();
        if (a.Domain is not null && a.Domain == b.Domain)
        {
            reasons.Add(new MatchReason(MatchRule.SameDomain, $"Both use the domain {a.Domain}.", 1));
        }
        if (a.NameKey.Length > 0 && a.NameKey == b.NameKey)
        {
            reasons.Add(new MatchReason(MatchRule.SameName, $"The names are the same once normalized (\"{a.NameKey}\").", 1));
        }
        else if (NearlySame(a, b) is { } similarity)
        {
            reasons.Add(new MatchReason(MatchRule.NearlySameName, $"The names differ only by a typo (\"{a.NameKey}\" / \"{b.NameKey}\").", similarity));
        }
        return reasons;
    }

    /// <summary>The overall score of a match: the strongest reason's similarity.</summary>
    public static double Score(IReadOnlyList<MatchReason> reasons) => reasons.Count == 0 ? 0 : reasons.Max(r => r.Similarity);

    private static double? NearlySame(CustomerIdentity a, CustomerIdentity b)
    {
        if (a.CompactKey.Length < 4 || b.CompactKey.Length < 4) return null;
        var similarity = 1.0 - (double)Distance(a.CompactKey, b.CompactKey) / Math.Max(a.CompactKey.Length, b.CompactKey.Length);
        if (a.CompactKey == b.CompactKey) return Math.Round(Math.Max(similarity, 0.99), 3);

        var left = a.NameKey.Split(' ');
        var right = b.NameKey.Split(' ');
        if (left.Length != right.Length) return null;
        var differing = left.Zip(right).Where(pair => pair.First != pair.Second).ToList();
        if (differing.Count != 1) return null;
        var (x, y) = differing[0];
        var longer = Math.Max(x.Length, y.Length);
        var allowed = longer >= 8 ? 2 : 1;
        // A one-letter slip in a short word is a different word ("Acme" / "Acne"): typos need a word of 5+ letters.
        if (longer < 5 || Distance(x, y) > allowed) return null;
        return Math.Round(similarity, 3);
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    public static int Distance(string s, string t)
    {
        var d = new int[s.Length + 1, t.Length + 1];
        for (var i = 0; i <= s.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= t.Length; j++) d[0, j] = j;
        for (var i = 1; i <= s.Length; i++)
        {
            for (var j = 1; j <= t.Length; j++)
            {
                var cost = s[i - 1] == t[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && s[i - 1] == t[j - 2] && s[i - 2] == t[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[s.Length, t.Length];
    }
}
