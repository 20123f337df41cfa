using System.Globalization;
using System.Text;
using Allyward.Recruitment;

namespace Allyward.Deals.Conflicts;

/// <summary>
/// A deal's customer reduced to what identifies the company: its corporate domain (never a free-mail one)
/// and its name in a normalized form that ignores case, accents, punctuation, legal suffixes, a leading
/// "The", "&amp;"/"and" and common abbreviations.
/// </summary>
public sealed record CustomerIdentity(string? Domain, string NameKey)
{
    /// <summary>The name key without spaces, so "Micro Soft" and "Microsoft" meet.</summary>
    public string CompactKey => NameKey.Replace(" ", "");

    public static CustomerIdentity Of(string companyName, string? website, string? contactEmail) =>
        new(RegistrableDomain(CompanyDomains.FromWebsite(website) ?? CompanyDomains.FromEmail(contactEmail)), NormalizeName(companyName));

    /// <summary>Legal forms across many countries, as they read once punctuation is gone.</summary>
    private static readonly string[][] LegalSuffixes =
    [
        .. new[]
        {
            "incorporated", "inc", "corporation", "corp", "company", "co", "limited", "ltd", "llc", "l l c", "llp", "lp", "plc", "pllc", "pc",
            "gmbh", "gmbh co kg", "co kg", "kg", "kgaa", "ag", "ug", "mbh", "ev", "se", "sa", "sas", "sasu", "sarl", "sca", "snc", "srl", "srls", "spa", "sapa",
            "bv", "nv", "vof", "cv", "oy", "oyj", "ab", "publ", "as", "asa", "aps", "a s", "hf", "ehf", "sl", "slu", "sau", "sa de cv", "s de rl", "de cv",
            "ltda", "eireli", "me", "sp z o o", "sp zoo", "spzoo", "sa", "sro", "s r o", "as", "doo", "d o o", "ad", "ood", "eood", "zrt", "kft", "bt",
            "pty", "pty ltd", "pvt", "pvt ltd", "private limited", "pte", "pte ltd", "sdn bhd", "bhd", "tbk", "pt", "kk", "kabushiki kaisha", "gk", "yk",
            "co ltd", "jsc", "pjsc", "ooo", "zao", "oao", "as", "anonim sirketi", "as", "ltd sti", "sti", "wll", "fze", "fzco", "fz llc", "dmcc",
            "holdings", "holding", "group",
        }.Distinct().Select(s => s.Split(' ')).OrderByDescending(s => s.Length),
    ];

    /// <summary>Single-word legal forms long enough that one slip of the keyboard still says what they are.</summary>
    private static readonly string[] LongLegalWords =
        LegalSuffixes.Where(s => s.Length == 1 && s[0].Length >= 5).Select(s => s[0]).ToArray();

    private static readonly Dictionary<string, string> Abbreviations = new()
    {
        ["intl"] = "international", ["int"] = "international", ["natl"] = "national", ["mfg"] = "manufacturing", ["mfrs"] = "manufacturers",
        ["svc"] = "services", ["svcs"] = "services", ["service"] = "services", ["sys"] = "systems", ["system"] = "systems",
        ["tech"] = "technology", ["technologies"] = "technology", ["techs"] = "technology", ["assoc"] = "associates", ["assn"] = "association",
        ["bros"] = "brothers", ["grp"] = "group", ["hldgs"] = "holdings", ["mgmt"] = "management", ["mgt"] = "management", ["univ"] = "university",
        ["labs"] = "laboratories", ["lab"] = "laboratories", ["dept"] = "department", ["ctr"] = "center", ["centre"] = "center", ["sol"] = "solutions",
        ["solution"] = "solutions", ["ent"] = "enterprises", ["enterprise"] = "enterprises", ["dist"] = "distribution", ["engr"] = "engineering",
        ["eng"] = "engineering", ["comm"] = "communications", ["comms"] = "communications", ["telecom"] = "telecommunications", ["med"] = "medical",
        ["pharma"] = "pharmaceuticals", ["ins"] = "insurance", ["fin"] = "financial", ["amer"] = "america",
    };

    public static string NormalizeName(string name)
    {
        // Accents off: "Société Générale" and "Societe Generale" are one name.
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var text = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            text.Append(c switch
            {
                '&' or '+' => " and ",
                'ß' => "ss",
                'æ' or 'Æ' => "ae",
                'ø' or 'Ø' => "o",
                'œ' or 'Œ' => "oe",
                _ when char.IsLetterOrDigit(c) => char.ToLowerInvariant(c).ToString(),
                '\'' or '’' or '.' => "",
                _ => " ",
            });
        }
        var tokens = text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (tokens.Count > 1 && tokens[0] == "the") tokens.RemoveAt(0);
        tokens = tokens.Select(t => Abbreviations.GetValueOrDefault(t, t)).Where(t => t != "and").ToList();

        // Legal forms come last, sometimes several ("Acme Holdings GmbH & Co. KG"), and the long ones are often
        // mistyped ("Acme Goup"); the name itself always stays.
        for (var removed = true; removed && tokens.Count > 1;)
        {
            removed = false;
            foreach (var suffix in LegalSuffixes)
            {
                if (suffix.Length < tokens.Count && tokens.TakeLast(suffix.Length).SequenceEqual(suffix))
                {
                    tokens.RemoveRange(tokens.Count - suffix.Length, suffix.Length);
                    removed = true;
                    break;
                }
            }
            if (!removed && tokens[^1].Length >= 4 && LongLegalWords.Any(word => CustomerMatcher.Distance(tokens[^1], word) == 1))
            {
                tokens.RemoveAt(tokens.Count - 1);
                removed = true;
            }
        }
        return string.Join(' ', tokens);
    }

    /// <summary>Second-level domains under which companies register (acme.co.uk, not co.uk).</summary>
    private static readonly HashSet<string> SecondLevels = ["co", "com", "org", "net", "ac", "gov", "edu", "ltd", "plc", "or", "ne", "gob", "gen", "biz", "nom"];

    /// <summary>The domain a company registered: <c>eu.sales.acme.co.uk</c> becomes <c>acme.co.uk</c>.</summary>
    public static string? RegistrableDomain(string? host)
    {
        if (host is null) return null;
        var labels = host.Split('.', StringSplitOptions.RemoveEmptyEntries);
        if (labels.Length <= 2) return host;
        var keep = labels[^1].Length == 2 && SecondLevels.Contains(labels[^2]) ? 3 : 2;
        return string.Join('.', labels[^Math.Min(keep, labels.Length)..]);
    }
}
