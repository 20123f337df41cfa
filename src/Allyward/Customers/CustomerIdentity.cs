using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Allyward.Customers;

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
            "holdings", "holding", "group", "private",
        }.Distinct().Select(s => s.Split(' ')).OrderByDescending(s => s.Length),
    ];

    /// <summary>Legal forms of three letters or more with their words run together, as a slip may run them.</summary>
    private static readonly string[] RunTogetherSuffixes =
        LegalSuffixes.Select(words => string.Concat(words)).Where(form => form.Length >= 3).Distinct().ToArray();

    private static readonly int LongestRunTogetherSuffix = RunTogetherSuffixes.Max(form => form.Length);

    private static readonly HashSet<string> OneWordForms = [.. LegalSuffixes.Where(words => words.Length == 1).Select(words => words[0])];

    /// <summary>
    /// Two-letter legal forms with a letter dropped, doubled or the two swapped ("A", "AGG", "GA" for "AG"). Such a word
    /// is too near to the short words of names to drop ("Studio A" is not "Studio B"), so the matcher only takes a name
    /// ending in one for the same name without it. A wrong letter ("AI", "UK") makes another word, and "V" numbers a fund.
    /// </summary>
    private static readonly FrozenSet<string> SlippedTwoLetterForms = OneWordForms.Where(form => form.Length == 2)
        .SelectMany(form => new[] { form[..1], form[1..], $"{form[1]}{form[0]}", $"{form[0]}{form}", $"{form}{form[1]}" })
        .Where(slip => slip != "v" && !OneWordForms.Contains(slip))
        .ToFrozenSet();

    /// <summary>Abbreviations, short forms and singular or plural kin, each to one canonical word.</summary>
    private static readonly Dictionary<string, string> Abbreviations = Kin(new()
    {
        ["international"] = ["intl", "int", "intnl", "internatl", "internl", "intern"],
        ["national"] = ["natl"],
        ["manufacturing"] = ["mfg", "mfgr", "mfr", "mfrs", "manuf", "manufacturer", "manufacturers", "manufactures"],
        ["services"] = ["svc", "svcs", "srv", "srvs", "srvc", "srvcs", "serv", "servs", "service"],
        ["systems"] = ["sys", "syst", "system"],
        ["technology"] = ["tech", "techn", "technol", "technologies", "techs", "technologie"],
        ["associates"] = ["assoc", "assocs", "associate"],
        ["association"] = ["assn", "asso"],
        ["brothers"] = ["bros", "brother"],
        ["group"] = ["grp", "grps", "groupe"],
        ["holdings"] = ["hldg", "hldgs", "holding"],
        ["management"] = ["mgmt", "mgt", "mngmt", "mgnt"],
        ["university"] = ["univ"],
        ["laboratories"] = ["labs", "lab", "laboratory"],
        ["department"] = ["dept"],
        ["center"] = ["ctr", "cntr", "centre", "centers", "centres"],
        ["solutions"] = ["sol", "sols", "soln", "solns", "solution"],
        ["enterprises"] = ["ent", "ents", "entp", "enterprise"],
        ["distribution"] = ["dist", "distr", "distrib", "distributors", "distributor", "distributing"],
        ["engineering"] = ["eng", "engr", "engg", "engrg", "engineers"],
        ["communications"] = ["comm", "comms", "commun", "communication"],
        ["telecommunications"] = ["telecom", "telecoms", "telecommunication"],
        ["medical"] = ["med"],
        ["pharmaceuticals"] = ["pharma", "pharm", "pharmaceutical", "pharmaceutics"],
        ["insurance"] = ["ins", "insur"],
        ["financial"] = ["fin", "finl", "fincl"],
        ["america"] = ["amer"],
        ["corporation"] = ["corp", "corpn", "corporate"],
        ["incorporated"] = ["inc", "incorp"],
        ["limited"] = ["ltd", "ltee"],
        ["marketing"] = ["mktg"],
        ["development"] = ["dev", "devel", "devt"],
        ["products"] = ["prod", "prods", "product"],
        ["industries"] = ["ind", "inds", "indus", "industry", "industrial"],
        ["chemicals"] = ["chem", "chems", "chemical"],
        ["health"] = ["hlth"],
        ["foundation"] = ["fdn", "fndn"],
        ["institute"] = ["inst"],
        ["equipment"] = ["equip", "eqpt", "eqp"],
        ["investments"] = ["invest", "invt", "investment"],
        ["construction"] = ["constr", "const", "constructions"],
        ["building"] = ["bldg", "bldgs"],
        ["consulting"] = ["consult", "consultants", "consultancy", "cnsltg"],
        ["logistics"] = ["logistic"],
        ["networks"] = ["network", "netwk", "ntwk", "ntwks"],
        ["electronics"] = ["elec", "electronic"],
        ["software"] = ["sftwr"],
        ["transport"] = ["transp", "transportation"],
        ["packaging"] = ["pkg", "pkging"],
        ["accounting"] = ["acctg", "acct"],
    });

    private static Dictionary<string, string> Kin(Dictionary<string, string[]> forms) =>
        forms.SelectMany(f => f.Value.Append(f.Key).Select(form => (Form: form, Canonical: f.Key))).ToDictionary(p => p.Form, p => p.Canonical);

    /// <summary>
    /// The long forms (eight letters or more) a one-letter slip still recognizes: "Techologies" is "technology", so a typo
    /// in a word that has a short form does not turn into a second, larger difference once the other spelling is mapped.
    /// </summary>
    private static readonly (string Form, string Canonical)[] LongForms =
        [.. Abbreviations.Where(a => a.Key.Length >= 8).Select(a => (a.Key, a.Value))];

    private static string Canonical(string token)
    {
        if (Abbreviations.TryGetValue(token, out var canonical)) return canonical;
        if (token.Length < 7) return token;
        foreach (var (form, to) in LongForms)
        {
            if (Math.Abs(form.Length - token.Length) <= 1 && CustomerMatcher.Distance(form, token) == 1) return to;
        }
        return token;
    }

    public static string NormalizeName(string name)
    {
        name = WithoutDottedLegalForms(name);
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
        tokens = tokens.Select(Canonical).Where(t => t != "and").ToList();

        // Legal forms come last, sometimes several ("Acme Holdings GmbH & Co. KG"), and the long ones are often
        // mistyped ("Acme Goup"); the name itself always stays.
        string? slipped = null;
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
            // A legal form with a slip of the keyboard ("GGmbH", "Pvt td", "Co. KGG", "Imc"): the last one to three words,
            // run together, one edit from a legal form of three letters or more. A two-letter one with a slip stays, but
            // the legal forms before it go.
            for (var words = 1; !removed && words <= Math.Min(3, tokens.Count - 1); words++)
            {
                var tail = string.Concat(tokens.TakeLast(words));
                if (words == 1 && Abbreviations.ContainsKey(tail)) break;
                if (tail.Length > LongestRunTogetherSuffix + 1) break;
                if (tail.Length >= 2 && RunTogetherSuffixes.Any(form => IsSlipOf(form, tail, words)))
                {
                    tokens.RemoveRange(tokens.Count - words, words);
                    removed = true;
                }
            }
            if (!removed && slipped is null && tokens.Count > 2 && IsSlippedTwoLetterForm(tokens[^1]))
            {
                slipped = tokens[^1];
                tokens.RemoveAt(tokens.Count - 1);
                removed = true;
            }
        }
        if (slipped is not null) tokens.Add(slipped);
        return string.Join(' ', tokens);
    }

    /// <summary>Whether a word at the end of a name may be a two-letter legal form with a slip (see <see cref="SlippedTwoLetterForms"/>).</summary>
    public static bool IsSlippedTwoLetterForm(string word) => SlippedTwoLetterForms.Contains(word);

    /// <summary>
    /// Whether <paramref name="tail"/> is <paramref name="form"/> with one slip. A four-letter word is taken for a slip of
    /// a three-letter form only with a doubled letter ("LLCC", "IInc"): "Goldman Sahs" keeps its "sahs".
    /// </summary>
    private static bool IsSlipOf(string form, string tail, int words)
    {
        if (Math.Abs(form.Length - tail.Length) > 1 || CustomerMatcher.Distance(form, tail) != 1) return false;
        if (words > 1 || form.Length != 3 || tail.Length != 4) return true;
        return Enumerable.Range(1, 3).Any(i => tail[i] == tail[i - 1] && tail.Remove(i, 1) == form);
    }

    /// <summary>
    /// Takes off the last words of a name that are dotted abbreviations of one to three letters ("S.A.", "B.V.", "K.K.",
    /// "Co.", and the same with a slip: "z.V.", "K.n."), also before a legal form ("Cq., Ltd.", "GmbH &amp; oC. KG"): at
    /// the end of a company's name such a word is its legal form, unless it shortens a word of the name ("Bros.", "Ind.").
    /// </summary>
    private static string WithoutDottedLegalForms(string name)
    {
        var words = name.Split((char[])[' ', ','], StringSplitOptions.RemoveEmptyEntries).ToList();
        for (var i = words.Count - 1; i > 0; i--)
        {
            var letters = new string(words[i].Where(char.IsLetter).ToArray()).ToLowerInvariant();
            if (OneWordForms.Contains(letters)) continue;
            if (!words[i].Contains('.') || !words[i].All(c => char.IsLetter(c) || c == '.')) break;
            if (letters.Length > 3 || Abbreviations.ContainsKey(letters)) break;
            words.RemoveAt(i);
        }
        return string.Join(' ', words);
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
