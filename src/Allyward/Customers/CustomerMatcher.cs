namespace Allyward.Customers;

public enum MatchRule { SameDomain, SameName, NearlySameName }

/// <summary>Why two customers are taken to be the same company, with how similar their names are (0–1).</summary>
public sealed record MatchReason(MatchRule Rule, string Explanation, double Similarity);

/// <summary>
/// Decides whether two customers are the same company. Same registrable domain, or the same normalized
/// name, match outright. A nearly identical name matches only as a typo: the same words but one, of five letters or
/// more, which differs by at most one edit (two from eight letters on), or of four letters with one wrong letter beside
/// eight same ones; or the same letters with different spacing. So "Pinnacle Sytems" matches "Pinnacle Systems", while
/// "American Airlines" and "American Express" do not, nor do "Shopify" and "Spotify".
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
        if (a.CompactKey == b.CompactKey) return Math.Round(Math.Max(Similarity(a, b), 0.99), 3);

        var left = a.NameKey.Split(' ');
        var right = b.NameKey.Split(' ');
        if (left.Length != right.Length) return null;
        var differing = left.Zip(right).Where(pair => pair.First != pair.Second).ToList();
        if (differing.Count != 1) return null;
        var (x, y) = differing[0];
        var longer = Math.Max(x.Length, y.Length);
        var allowed = longer >= 8 ? 2 : 1;
        // A one-letter slip in a short word is a different word ("Acme" / "Acne"): typos need a word of 5+ letters,
        // or a four-letter word beside eight letters that are the same ("Deutsche Post" / "Deutsche Pogt").
        if (longer < 5 && !FourLetterSlip(x, y, a.CompactKey.Length - x.Length)) return null;
        if (Distance(x, y) > allowed) return null;
        return Math.Round(Similarity(a, b), 3);
    }

    /// <summary>One wrong letter in a four-letter word that keeps its first or last two (as the index files them).</summary>
    private static bool FourLetterSlip(string x, string y, int sameLetters) =>
        sameLetters >= 8 && x.Length == 4 && y.Length == 4 && Distance(x, y) == 1 && (x[..2] == y[..2] || x[2..] == y[2..]);

    /// <summary>How alike the whole names are; worked out only for a match, since most candidates are not one.</summary>
    private static double Similarity(CustomerIdentity a, CustomerIdentity b) =>
        1.0 - (double)Distance(a.CompactKey, b.CompactKey) / Math.Max(a.CompactKey.Length, b.CompactKey.Length);

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    public static int Distance(string s, string t)
    {
        // Row i of the table needs only rows i-1 and i-2 (for a swap).
        var width = t.Length + 1;
        Span<int> rows = width <= 256 ? stackalloc int[3 * width] : new int[3 * width];
        var twoBack = rows[..width];
        var previous = rows.Slice(width, width);
        var current = rows.Slice(2 * width, width);
        for (var j = 0; j < width; j++) previous[j] = j;
        for (var i = 1; i <= s.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= t.Length; j++)
            {
                var cost = s[i - 1] == t[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && s[i - 1] == t[j - 2] && s[i - 2] == t[j - 1]) best = Math.Min(best, twoBack[j - 2] + 1);
                current[j] = best;
            }
            var spare = twoBack;
            twoBack = previous;
            previous = current;
            current = spare;
        }
        return previous[t.Length];
    }
}
