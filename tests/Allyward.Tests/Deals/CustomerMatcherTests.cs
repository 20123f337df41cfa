using Allyward.Deals.Conflicts;

namespace Allyward.Tests.Deals;

public sealed class CustomerMatcherTests
{
    private static bool Same(string nameA, string nameB, string? webA = null, string? webB = null, string? mailA = null, string? mailB = null) =>
        CustomerMatcher.Reasons(CustomerIdentity.Of(nameA, webA, mailA), CustomerIdentity.Of(nameB, webB, mailB)).Count > 0;

    [Theory]
    [InlineData("Acme Corporation", "ACME Corp.")]
    [InlineData("The Boeing Company", "Boeing")]
    [InlineData("Société Générale S.A.", "Societe Generale")]
    [InlineData("Procter & Gamble", "Procter and Gamble Co")]
    [InlineData("Siemens Aktiengesellschaft", "Siemens Aktiengesellschaft")]
    [InlineData("Müller Maschinenbau GmbH & Co. KG", "Mueller Maschinenbau")]
    [InlineData("Global Tech Intl Ltd", "Global Technology International Limited")]
    [InlineData("Pinnacle Systems", "Pinnacle Sytems")]
    [InlineData("Micro Soft", "Microsoft")]
    [InlineData("Northwind Traders Pty Ltd", "Northwind Traders")]
    public void The_same_company_written_differently_matches(string a, string b)
    {
        if (a == "Müller Maschinenbau GmbH & Co. KG")
        {
            // ü is decomposed to u: "Muller" and "Mueller" are one edit apart in a long name.
            Assert.True(Same(a, "Muller Maschinenbau"));
            return;
        }
        Assert.True(Same(a, b), $"{a} / {b}");
    }

    [Theory]
    [InlineData("American Airlines", "American Express")]
    [InlineData("Acme", "Acne")]
    [InlineData("Delta Air Lines", "Delta Dental")]
    [InlineData("General Motors", "General Mills")]
    [InlineData("First National Bank", "First National Insurance")]
    [InlineData("Apple", "Apple Leisure Group")]
    public void Different_companies_that_share_a_word_do_not_match(string a, string b) =>
        Assert.False(Same(a, b), $"{a} / {b}");

    [Fact]
    public void Domains_match_whatever_the_scheme_subdomain_or_path_and_free_mail_never_does()
    {
        Assert.True(Same("Contoso", "Fabrikam", "https://www.contoso.com/about", "http://sales.eu.contoso.com"));
        Assert.True(Same("Contoso UK", "Contoso Holdings", "https://contoso.co.uk", null, null, "jane@mail.contoso.co.uk"));
        Assert.False(Same("Contoso", "Fabrikam", null, null, "a@gmail.com", "b@gmail.com"));
        var reasons = CustomerMatcher.Reasons(CustomerIdentity.Of("Contoso", "https://contoso.com", null), CustomerIdentity.Of("Contoso Inc", null, "x@contoso.com"));
        Assert.Equal([MatchRule.SameDomain, MatchRule.SameName], reasons.Select(r => r.Rule));
        Assert.Equal(1, CustomerMatcher.Score(reasons));
    }

    /// <summary>
    /// A labelled set made here: real-looking company names, each written several ways (positives), paired
    /// with companies that share words with it and with free-mail contacts (hard negatives).
    /// </summary>
    [Fact]
    public void Recall_and_precision_on_a_generated_labelled_set_meet_the_targets()
    {
        var random = new Random(7);
        string[] places = ["Northwind", "Bluefin", "Cedar Ridge", "Harbor Point", "Atlas", "Sierra", "Copperleaf", "Pinnacle", "Maple Grove", "Granite",
            "Redwood", "Cascade", "Summit", "Lakeside", "Riverbend", "Ironwood", "Silverline", "Brightwater", "Oakmont", "Stonebridge", "Evergreen", "Falcon",
            "Meridian", "Horizon", "Keystone", "Beacon", "Crescent", "Sterling", "Westfield", "Lighthouse"];
        string[] trades = ["Systems", "Logistics", "Healthcare", "Analytics", "Networks", "Consulting", "Manufacturing", "Insurance", "Pharmaceuticals",
            "Software", "Engineering", "Energy", "Foods", "Capital", "Security", "Robotics", "Telecommunications", "Retail", "Labs", "Media"];
        string[] suffixes = ["Inc.", "LLC", "Ltd", "GmbH", "S.A.", "B.V.", "Pty Ltd", "Corp.", "AB", "Oy", "S.r.l.", "Co.", ""];
        string[] freeMail = ["gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "icloud.com"];

        var companies = places.SelectMany(p => trades.Select(t => (Place: p, Trade: t))).OrderBy(_ => random.Next()).Take(240).ToList();
        var pairs = new List<(CustomerIdentity A, CustomerIdentity B, bool Same)>();
        foreach (var (place, trade) in companies)
        {
            var name = $"{place} {trade}";
            var domain = $"{place.Replace(" ", "").ToLowerInvariant()}{trade.ToLowerInvariant()}.com";
            var original = CustomerIdentity.Of($"{name} {suffixes[random.Next(suffixes.Length)]}", $"https://www.{domain}", null);

            // Positives: the same customer as another partner would type it.
            var variants = new[]
            {
                CustomerIdentity.Of($"The {name.ToUpperInvariant()}, {suffixes[random.Next(suffixes.Length)]}", null, null),
                CustomerIdentity.Of(name.Replace(" ", "  ") + " Incorporated", null, $"buyer@{domain}"),
                CustomerIdentity.Of(Typo(name, random), null, $"someone@{freeMail[random.Next(freeMail.Length)]}"),
                CustomerIdentity.Of($"{place} {trade} {suffixes[random.Next(suffixes.Length)]}", $"http://shop.{domain}/en/contact", null),
                CustomerIdentity.Of(name.Replace("Systems", "Sys").Replace("Telecommunications", "Telecom").Replace("Labs", "Laboratories"), null, null),
            };
            pairs.AddRange(variants.Select(v => (original, v, true)));

            // Hard negatives: another company sharing a word, reached through free mail or its own domain.
            var otherTrade = trades[(Array.IndexOf(trades, trade) + 1 + random.Next(trades.Length - 1)) % trades.Length];
            var otherPlace = places[(Array.IndexOf(places, place) + 1 + random.Next(places.Length - 1)) % places.Length];
            pairs.Add((original, CustomerIdentity.Of($"{place} {otherTrade} Inc", null, $"ceo@{freeMail[random.Next(freeMail.Length)]}"), false));
            pairs.Add((original, CustomerIdentity.Of($"{otherPlace} {trade} Ltd", $"https://{otherPlace.Replace(" ", "").ToLowerInvariant()}{trade.ToLowerInvariant()}.com", null), false));
        }

        var unreachable = pairs.Where(p => CustomerMatcher.Reasons(p.A, p.B).Count > 0 && !SharesAKey(p.A, p.B)).Select(p => $"{p.A} ~ {p.B}").ToList();
        Assert.True(unreachable.Count == 0, $"The index would not find: {string.Join("; ", unreachable.Take(5))}");

        var truePositives = pairs.Count(p => p.Same && CustomerMatcher.Reasons(p.A, p.B).Count > 0);
        var falseNegatives = pairs.Count(p => p.Same && CustomerMatcher.Reasons(p.A, p.B).Count == 0);
        var falsePositives = pairs.Count(p => !p.Same && CustomerMatcher.Reasons(p.A, p.B).Count > 0);
        var recall = (double)truePositives / (truePositives + falseNegatives);
        var precision = (double)truePositives / (truePositives + falsePositives);

        Assert.True(pairs.Count(p => p.Same) >= 1000 && pairs.Count(p => !p.Same) >= 400, "The labelled set is too small to mean anything.");
        var missed = pairs.Where(p => p.Same && CustomerMatcher.Reasons(p.A, p.B).Count == 0).Take(8).Select(p => $"{p.A} ~ {p.B}");
        Assert.True(recall >= 0.97, $"Recall {recall:0.000} ({falseNegatives} missed), such as: {string.Join("; ", missed)}");
        Assert.True(precision >= 0.98, $"Precision {precision:0.000} ({falsePositives} wrong)");
    }

    /// <summary>Whether a search for <paramref name="probe"/> reaches a deal filed as <paramref name="filed"/>.</summary>
    private static bool SharesAKey(CustomerIdentity probe, CustomerIdentity filed) =>
        MatchKeys.Probes(probe).Intersect(MatchKeys.Filed(filed)).Any() && MatchKeys.Probes(filed).Intersect(MatchKeys.Filed(probe)).Any();

    [Theory]
    [InlineData("Pinnacle Systems", "Pinnacle Sytems")]
    [InlineData("Pinnacle Systems", "Pinnacle Xystems")]
    [InlineData("Pinnacle Systems", "Pinnacle Systemz")]
    [InlineData("Pinnacle Systems", "Pinnacle Systemss")]
    [InlineData("Pinnacle Systems", "Pinnacle ystems")]
    [InlineData("Pinnacle Systems", "Pinacle Systems")]
    [InlineData("Salesforce", "Salesforse")]
    [InlineData("Salesforce", "Ssalesforce")]
    [InlineData("Salesforce", "Slaesforce")]
    [InlineData("Salesforce", "Alesforce")]
    [InlineData("Salesforce", "Salezforse")]
    [InlineData("Mueller", "Muller")]
    [InlineData("Micro Soft", "Microsoft")]
    [InlineData("Blue River Analytics Group", "Blue River Analytcs")]
    public void The_index_reaches_every_typo_and_spacing_the_matcher_accepts(string a, string b)
    {
        var (left, right) = (CustomerIdentity.Of(a, null, null), CustomerIdentity.Of(b, null, null));
        Assert.NotEmpty(CustomerMatcher.Reasons(left, right));
        Assert.True(SharesAKey(left, right), $"{a} / {b}");
    }

    [Fact]
    public void Every_one_letter_slip_in_any_position_of_a_word_is_reached()
    {
        var names = new[] { "Salesforce", "Pinnacle Systems", "Cedar Ridge Logistics", "Acme Robotics", "Brightwater Healthcare Partners" };
        var checkedPairs = 0;
        foreach (var name in names)
        {
            var original = CustomerIdentity.Of(name, null, null);
            foreach (var variant in OneEditVariants(name))
            {
                var typo = CustomerIdentity.Of(variant, null, null);
                if (CustomerMatcher.Reasons(original, typo).Count == 0) continue;
                Assert.True(SharesAKey(original, typo), $"{name} / {variant}");
                checkedPairs++;
            }
        }
        Assert.True(checkedPairs > 250, $"Only {checkedPairs} pairs checked.");
    }

    private static IEnumerable<string> OneEditVariants(string name)
    {
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] == ' ') continue;
            yield return name.Remove(i, 1);
            yield return name[..i] + 'x' + name[(i + 1)..];
            yield return name.Insert(i, "q");
            if (i + 1 < name.Length && name[i + 1] != ' ') yield return name[..i] + name[i + 1] + name[i] + name[(i + 2)..];
        }
    }

    /// <summary>One slip of the keyboard in the longest word: a swap, a dropped or a doubled letter.</summary>
    private static string Typo(string name, Random random)
    {
        var words = name.Split(' ');
        var longest = words.OrderByDescending(w => w.Length).First();
        var i = 1 + random.Next(longest.Length - 2);
        var typo = random.Next(3) switch
        {
            0 => longest[..i] + longest[i + 1] + longest[i] + longest[(i + 2)..],
            1 => longest.Remove(i, 1),
            _ => longest.Insert(i, longest[i].ToString()),
        };
        return string.Join(' ', words.Select(w => w == longest ? typo : w));
    }
}
