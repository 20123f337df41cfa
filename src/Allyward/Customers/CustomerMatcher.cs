namespace Allyward.Customers;

public enum MatchRule { SameDomain, SameName, NearlySameName }

/// <summary>How a match rule reads on pages.</summary>
public static class MatchRuleLabels
{
    public static string Label(this MatchRule rule) => rule switch
    {
        MatchRule.SameDomain => "Same web domain",
        MatchRule.SameName => "Same name",
        MatchRule.NearlySameName => "Nearly the same name",
        _ => rule.ToString(),
    };
}

/// <summary>Why two customers are taken to be the same company, with how similar their names are (0–1).</summary>
public sealed record MatchReason(MatchRule Rule, string Explanation, double Similarity);

/// <summary>
/// Decides whether two customers are the same company. Same registrable domain, or the same normalized
/// name, match outright. A nearly identical name matches only as a typo: the same words but one, of five letters or
/// more, which differs by at most one edit (two from eight letters on), or a shorter one with a slip beside eight same
/// letters; the same letters with different spacing; or the same words with a slipped legal form after them. So
/// "Pinnacle Sytems" matches "Pinnacle Systems", while "American Airlines" and "American Express" do not, nor do
/// "Shopify" and "Spotify".
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
        return IsTypo(a, b) ? Math.Round(Similarity(a, b), 3) : null;
    }

    private static bool IsTypo(CustomerIdentity a, CustomerIdentity b)
    {
        var left = a.NameKey.Split(' ');
        var right = b.NameKey.Split(' ');
        if (left.Length != right.Length)
        {
            return EndsWithSlippedLegalForm(left, right, b.CompactKey.Length) || EndsWithSlippedLegalForm(right, left, a.CompactKey.Length);
        }
        var differing = -1;
        for (var i = 0; i < left.Length; i++)
        {
            if (left[i] == right[i]) continue;
            if (differing >= 0) return false;
            differing = i;
        }
        if (differing < 0) return false;
        var (x, y) = (left[differing], right[differing]);
        var longer = Math.Max(x.Length, y.Length);
        if (longer < 5) return ShortWordSlip(x, y, differing, a.CompactKey.Length - x.Length);
        return Distance(x, y) <= (longer >= 8 ? 2 : 1);
    }

    /// <summary>
    /// A one-letter slip in a short word is often another word ("Acme" / "Acne"), so it counts only beside eight same
    /// letters ("Deutsche Pogt", "Bank of Nw York Mellon"), and only where the word keeps the end the index files it by:
    /// its first or last two letters, or one in a word under four. In a word of two or three letters a wrong letter
    /// makes other initials ("AIG" / "AIA"), and so does any slip in a first word that short ("AA" / "AAA Insurance").
    /// Numbers, Roman ones too, are left alone: "Fund II" and "Fund III" are two funds.
    /// </summary>
    private static bool ShortWordSlip(string x, string y, int index, int sameLetters)
    {
        if (sameLetters < 8 || IsNumber(x) || IsNumber(y) || Distance(x, y) != 1) return false;
        var longer = Math.Max(x.Length, y.Length);
        var end = longer == 4 ? 2 : 1;
        if (x[..end] != y[..end] && x[^end..] != y[^end..]) return false;
        return longer == 4 || (index > 0 && !WrongLetter(x, y));
    }

    private static bool WrongLetter(string x, string y) => x.Length == y.Length && x.Where((c, i) => c != y[i]).Count() == 1;

    private static bool IsNumber(string word) => word.Any(char.IsDigit) || word.All(c => c is 'i' or 'v' or 'x');

    /// <summary>Whether <paramref name="longer"/> is <paramref name="shorter"/> (eight letters or more) and a slipped two-letter legal form.</summary>
    private static bool EndsWithSlippedLegalForm(string[] longer, string[] shorter, int shorterLetters) =>
        shorterLetters >= 8 && longer.Length == shorter.Length + 1 && CustomerIdentity.IsSlippedTwoLetterForm(longer[^1])
        && longer.AsSpan(0, shorter.Length).SequenceEqual(shorter);

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
