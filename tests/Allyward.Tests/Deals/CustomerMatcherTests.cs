using Allyward.Customers;
using Allyward.Deals.Conflicts;

namespace Allyward.Tests.Deals;

public sealed class CustomerMatcherTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static bool Same(string nameA, string nameB, string? webA = null, string? webB = null, string? mailA = null, string? mailB = null) =>
        CustomerMatcher.Reasons(CustomerIdentity.Of(nameA, webA, mailA), CustomerIdentity.Of(nameB, webB, mailB)).Count > 0;

    [Theory]
    [InlineData("", "", 0)]
    [InlineData("siemens", "", 7)]
    [InlineData("", "bosch", 5)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("pinnaclesystems", "pinnaclesytems", 1)]
    [InlineData("systems", "sytsems", 1)]
    [InlineData("ca", "abc", 3)]
    [InlineData("northwind", "nrothwidn", 2)]
    [InlineData("abcdefghij", "jihgfedcba", 9)]
    public void Distance_counts_insertions_deletions_substitutions_and_adjacent_swaps(string a, string b, int expected)
    {
        Assert.Equal(expected, CustomerMatcher.Distance(a, b));
        Assert.Equal(expected, CustomerMatcher.Distance(b, a));
    }

    [Fact]
    public void Distance_handles_names_longer_than_the_stack_buffer()
    {
        var name = string.Concat(Enumerable.Repeat("consolidated ", 40));
        Assert.Equal(2, CustomerMatcher.Distance(name, "x" + name[..^1]));
    }

    [Theory]
    [InlineData("Acme Corporation", "ACME Corp.")]
    [InlineData("The Boeing Company", "Boeing")]
    [InlineData("Société Générale S.A.", "Societe Generale")]
    [InlineData("Procter & Gamble", "Procter and Gamble Co")]
    [InlineData("Siemens Aktiengesellschaft", "Siemens Aktiengesellschaft")]
    [InlineData("Müller Maschinenbau GmbH & Co. KG", "Mueller Maschinenbau")]
    [InlineData("Müller Maschinenbau GmbH & Co. KG", "Muller Maschinenbau")]
    [InlineData("Global Tech Intl Ltd", "Global Technology International Limited")]
    [InlineData("Pinnacle Systems", "Pinnacle Sytems")]
    [InlineData("Micro Soft", "Microsoft")]
    [InlineData("Northwind Traders Pty Ltd", "Northwind Traders")]
    [InlineData("Acme International Services Corporation", "ACME Int'l Svcs Corp.")]
    [InlineData("Apex Technologies Manufacturing Group", "Apex Tech Mfg Grp")]
    [InlineData("Dell Technologies", "Dell Techologies")]
    [InlineData("Dell Technologies", "Dwll Technologies")]
    [InlineData("Northwind Traders Inc.", "Northwind Traders Imc")]
    [InlineData("Bank of New York Mellon", "Bank of Nw York Mellon")]
    [InlineData("Bank of New York Mellon", "Bank of ew York Mellon")]
    [InlineData("Bank of America", "Bank f America")]
    [InlineData("Delta Air Lines", "Delta AAir Lines")]
    [InlineData("Air France-KLM", "Air France-LKM")]
    [InlineData("Air France-KLM", "Air France-KM")]
    [InlineData("Palo Alto Networks", "Palo Alt Networks")]
    [InlineData("National Grid", "National Gri")]
    [InlineData("Apex Technologies International", "pex Technologies International")]
    [InlineData("Acme AB", "Acme AG")]
    [InlineData("Acme S.A", "Acme SA")]
    [InlineData("Acme Gmbj", "Acme GmbH")]
    [InlineData("Acme S.A. de C.V.", "Acme")]
    [InlineData("Hitachi Energy AB", "Hitachi Energy A")]
    [InlineData("Bank of New York Mellon AG", "Bank of New York Mellon G")]
    [InlineData("Munich Re AG", "Munich Re GA")]
    [InlineData("Vodafone Group AG", "Vodafone Group AGG")]
    [InlineData("Northwind Traders B.V.", "Northwind Traders VB")]
    [InlineData("Johnson & Johnson Co., Ltd.", "Johnson & Johnson Cq., Ltd.")]
    [InlineData("Hyatt Hotels Co., Ltd.", "Hyatt Hotels o., Ltd.")]
    [InlineData("General Mills GmbH & Co. KG", "General Mills GmbH & oC. KG")]
    public void The_same_company_written_differently_matches(string a, string b) =>
        Assert.True(Same(a, b), $"{a} / {b}");

    [Theory]
    [InlineData("American Airlines", "American Express")]
    [InlineData("Acme", "Acne")]
    [InlineData("Delta Air Lines", "Delta Dental")]
    [InlineData("General Motors", "General Mills")]
    [InlineData("First National Bank", "First National Insurance")]
    [InlineData("Apple", "Apple Leisure Group")]
    [InlineData("Shopify", "Spotify")]
    [InlineData("Bell Canada", "Dell Canada")]
    [InlineData("Oracle", "Orange")]
    [InlineData("AA Insurance", "AAA Insurance")]
    [InlineData("AIG Insurance", "AIA Insurance")]
    [InlineData("AIG Insurance", "AI Insurance")]
    [InlineData("ABB Electric", "AB Electric")]
    [InlineData("UBS Securities", "US Securities")]
    [InlineData("RWE Renewables", "WE Renewables")]
    [InlineData("LG Electronics", "LS Electronics")]
    [InlineData("AB Foods", "AV Foods")]
    [InlineData("Delta Air Lines", "Delta Aid Lines")]
    [InlineData("Air France KLM", "Air France KLN")]
    [InlineData("Deutsche Bahn", "Deutsche Bank")]
    [InlineData("Lighthouse Studio A", "Lighthouse Studio B")]
    [InlineData("Plan B Consulting", "Plan C Consulting")]
    [InlineData("Pinnacle Systems AI", "Pinnacle Systems AG")]
    [InlineData("Pinnacle Systems UK", "Pinnacle Systems US")]
    [InlineData("Pinnacle Systems IT", "Pinnacle Systems")]
    [InlineData("Acme A", "Acme")]
    [InlineData("Summit Partners Fund II", "Summit Partners Fund III")]
    [InlineData("Summit Partners Fund", "Summit Partners Fund V")]
    [InlineData("Blackstone Capital Partners VII", "Blackstone Capital Partners VIII")]
    [InlineData("Acme Ventures Fund 2024", "Acme Ventures Fund 2025")]
    [InlineData("Route 66 Logistics", "Route 6 Logistics")]
    public void Different_companies_that_share_a_word_do_not_match(string a, string b) =>
        Assert.False(Same(a, b), $"{a} / {b}");

    [Theory]
    [InlineData("https://contoso.com", "gmail.com")]
    [InlineData("www.gmail.com", "https://outlook.com/contoso")]
    public void A_free_mail_domain_typed_as_the_website_never_makes_two_companies_one(string websiteA, string websiteB) =>
        Assert.False(Same("Contoso", "Fabrikam", websiteA == "https://contoso.com" ? "gmail.com" : websiteA, websiteB), $"{websiteA} / {websiteB}");

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

        output.WriteLine($"Generated names: {pairs.Count(p => p.Same)} positive and {pairs.Count(p => !p.Same)} negative pairs; recall {recall:0.000}, precision {precision:0.000}.");
        Assert.True(pairs.Count(p => p.Same) >= 1000 && pairs.Count(p => !p.Same) >= 400, "The labelled set is too small to mean anything.");
        var missed = pairs.Where(p => p.Same && CustomerMatcher.Reasons(p.A, p.B).Count == 0).Take(8).Select(p => $"{p.A} ~ {p.B}");
        Assert.True(recall >= 0.97, $"Recall {recall:0.000} ({falseNegatives} missed), such as: {string.Join("; ", missed)}");
        Assert.True(precision >= 0.98, $"Precision {precision:0.000} ({falsePositives} wrong)");
    }

    /// <summary>Real company names, many of which share words with each other, as partners around the world write them.</summary>
    private static readonly string[] RealCompanies =
    [
        "American Airlines", "American Express", "American Electric Power", "American International Group", "General Motors", "General Mills",
        "General Electric", "General Dynamics", "Delta Air Lines", "Delta Dental", "United Airlines", "United Parcel Service", "United Rentals",
        "Bank of America", "Bank of New York Mellon", "Johnson & Johnson", "Johnson Controls", "Procter & Gamble", "Morgan Stanley",
        "JPMorgan Chase", "Wells Fargo", "Goldman Sachs", "Ford Motor Company", "Lockheed Martin", "Northrop Grumman", "Texas Instruments",
        "Applied Materials", "Western Digital", "Western Union", "Southern Company", "Southwest Airlines", "Deutsche Bank", "Deutsche Telekom",
        "Deutsche Post", "Société Générale", "BNP Paribas", "Crédit Agricole", "Banco Santander", "Siemens Healthineers", "Siemens Energy",
        "Royal Dutch Shell", "Royal Bank of Canada", "Royal Caribbean Cruises", "National Grid", "National Australia Bank", "Commonwealth Bank",
        "Capital One", "Capital Group", "First Republic Bank", "First Solar", "Pacific Gas and Electric", "Union Pacific", "Union Bank",
        "Emerson Electric", "Schneider Electric", "Mitsubishi Electric", "Mitsubishi Heavy Industries", "Hitachi Energy", "Toyota Motor",
        "Toyota Tsusho", "Honda Motor", "Nissan Motor", "Volkswagen", "Volvo Cars", "Volvo Group", "Nestlé", "Unilever", "Heineken",
        "Carlsberg", "Anheuser-Busch InBev", "Molson Coors", "Coca-Cola", "PepsiCo", "Mondelez International", "Kraft Heinz", "Marriott International",
        "Hilton Worldwide", "Hyatt Hotels", "Accenture", "Capgemini", "Infosys", "Wipro", "Tata Consultancy Services", "Tata Motors", "Tata Steel",
        "Reliance Industries", "Samsung Electronics", "Samsung Biologics", "LG Electronics", "LG Chem", "Sony Group", "Panasonic", "Philips",
        "Ericsson", "Nokia", "Vodafone Group", "Orange", "Telefónica", "Deutsche Lufthansa", "Air France-KLM", "British Airways", "British American Tobacco",
        "British Petroleum", "Rolls-Royce Holdings", "Legal & General", "Lloyds Banking Group", "Standard Chartered", "Standard Life", "Zurich Insurance",
        "Swiss Re", "Munich Re", "Allianz", "AXA", "Generali", "Prudential Financial", "Principal Financial", "Northwestern Mutual", "Liberty Mutual",
        "State Street", "State Farm", "Charles Schwab", "Fidelity Investments", "BlackRock", "Vanguard Group", "Oracle", "Salesforce", "ServiceNow",
        "Workday", "Adobe", "Autodesk", "Intuit", "Cisco Systems", "Juniper Networks", "Arista Networks", "Palo Alto Networks", "Fortinet",
        "Check Point Software", "Dell Technologies", "Hewlett Packard Enterprise", "HP Inc", "Lenovo Group", "Micron Technology", "Microchip Technology",
        "Analog Devices", "Marvell Technology", "Broadcom", "Qualcomm", "Nvidia", "Advanced Micro Devices", "Intel", "Siemens", "Bosch", "Continental",
    ];

    private static readonly Dictionary<string, string[]> LegalFormsByCountry = new()
    {
        ["US"] = ["Inc.", "Corp.", "Corporation", "LLC", "Co."], ["GB"] = ["Ltd", "Limited", "PLC", "plc"], ["DE"] = ["GmbH", "AG", "GmbH & Co. KG", "SE"],
        ["FR"] = ["S.A.", "SAS", "SARL"], ["NL"] = ["B.V.", "N.V."], ["SE"] = ["AB", "AB (publ)"], ["JP"] = ["K.K.", "Co., Ltd."], ["BR"] = ["Ltda", "S.A."],
        ["IN"] = ["Pvt Ltd", "Private Limited", "Limited"], ["AU"] = ["Pty Ltd"], ["IT"] = ["S.p.A.", "S.r.l."], ["ES"] = ["S.L.", "S.A."],
    };

    /// <summary>
    /// A harder labelled set from real company names: each written as partners in other countries would (legal forms,
    /// "&amp;"/"and", a leading "The", accents dropped, hyphens spaced, shouting) and with a slip of the keyboard anywhere
    /// in a word of five letters or more; negatives are every pair of these real, distinct companies that share a word.
    /// </summary>
    [Fact]
    public void Recall_and_precision_on_real_company_names_meet_the_targets()
    {
        var random = new Random(11);
        var pairs = new List<(string A, string B, bool Same)>();
        foreach (var name in RealCompanies)
        {
            var forms = LegalFormsByCountry.Values.SelectMany(f => f).ToArray();
            var variants = new List<string>
            {
                $"{name} {forms[random.Next(forms.Length)]}",
                $"The {name}",
                name.ToUpperInvariant(),
                name.Replace("&", "and").Replace("-", " "),
                RemoveAccents(name) + " " + forms[random.Next(forms.Length)],
            };
            variants.AddRange(Enumerable.Range(0, 5).Select(_ => Slip(name, random)).OfType<string>());
            pairs.AddRange(variants.Distinct().Select(v => (name, v, true)));
        }
        var wordsOf = RealCompanies.ToDictionary(n => n, n => CustomerIdentity.NormalizeName(n).Split(' ').Where(w => w.Length > 2).ToHashSet());
        foreach (var a in RealCompanies)
        {
            foreach (var b in RealCompanies.Where(b => string.CompareOrdinal(a, b) < 0 && wordsOf[a].Overlaps(wordsOf[b])))
            {
                pairs.Add((a, b, false));
            }
        }

        bool Matches((string A, string B, bool Same) p) => CustomerMatcher.Reasons(CustomerIdentity.Of(p.A, null, null), CustomerIdentity.Of(p.B, null, null)).Count > 0;
        var missed = pairs.Where(p => p.Same && !Matches(p)).ToList();
        var wrong = pairs.Where(p => !p.Same && Matches(p)).ToList();
        var found = pairs.Count(p => p.Same) - missed.Count;
        var recall = (double)found / pairs.Count(p => p.Same);
        var precision = (double)found / (found + wrong.Count);

        output.WriteLine($"Real names: {pairs.Count(p => p.Same)} positive and {pairs.Count(p => !p.Same)} negative pairs; recall {recall:0.000}, precision {precision:0.000}.");
        output.WriteLine($"Missed: {string.Join("; ", missed.Select(p => $"{p.A} ~ {p.B}"))}");
        output.WriteLine($"Wrongly matched: {string.Join("; ", wrong.Select(p => $"{p.A} ~ {p.B}"))}");
        Assert.True(pairs.Count(p => p.Same) >= 1000 && pairs.Count(p => !p.Same) >= 100, $"The set is too small: {pairs.Count(p => p.Same)} / {pairs.Count(p => !p.Same)}.");
        Assert.True(recall >= 0.97, $"Recall {recall:0.000}; missed such as: {string.Join("; ", missed.Take(8).Select(p => $"{p.A} ~ {p.B}"))}");
        Assert.True(precision >= 0.98, $"Precision {precision:0.000}; wrongly matched: {string.Join("; ", wrong.Take(8).Select(p => $"{p.A} ~ {p.B}"))}");
        // The index reaches every pair the matcher accepts, but for the documented corner: two typos in one long word.
        var unreachable = pairs.Where(Matches).Where(p => !SharesAKey(CustomerIdentity.Of(p.A, null, null), CustomerIdentity.Of(p.B, null, null))).ToList();
        Assert.All(unreachable, p => Assert.Equal(2, CustomerMatcher.Distance(CustomerIdentity.Of(p.A, null, null).CompactKey, CustomerIdentity.Of(p.B, null, null).CompactKey)));
        Assert.True(unreachable.Count <= pairs.Count(p => p.Same) / 200, $"{unreachable.Count} accepted pairs are out of the index's reach.");
    }

    /// <summary>Words partners shorten, with the ways they shorten them.</summary>
    private static readonly Dictionary<string, string[]> Shortened = new()
    {
        ["International"] = ["Intl", "Int'l", "Intl.", "Int."], ["Technologies"] = ["Tech", "Tech.", "Technology"], ["Technology"] = ["Tech", "Tech."],
        ["Corporation"] = ["Corp", "Corp."], ["Manufacturing"] = ["Mfg", "Mfg."], ["Services"] = ["Svcs", "Svc", "Srvcs", "Service"],
        ["Service"] = ["Svc", "Services"], ["Group"] = ["Grp", "Grp."], ["Systems"] = ["Sys", "Syst."], ["Solutions"] = ["Soln", "Sol."],
        ["Industries"] = ["Inds", "Ind.", "Indus."], ["Laboratories"] = ["Labs", "Lab"], ["Communications"] = ["Comms", "Comm."],
        ["Engineering"] = ["Eng.", "Engr"], ["Management"] = ["Mgmt", "Mgt"], ["Holdings"] = ["Hldgs", "Hldg"], ["Associates"] = ["Assoc.", "Assocs"],
        ["Electronics"] = ["Elec."], ["Products"] = ["Prods", "Prod."], ["Insurance"] = ["Ins."], ["Financial"] = ["Fin.", "Finl"],
        ["Enterprise"] = ["Ent.", "Enterprises"], ["National"] = ["Natl", "Nat'l"], ["Brothers"] = ["Bros"], ["Pharmaceuticals"] = ["Pharma", "Pharm."],
        ["Distribution"] = ["Dist.", "Distr."], ["Telecommunications"] = ["Telecom"], ["Networks"] = ["Network"],
    };

    private static readonly string[] ShortenedCompanies =
    [
        "Acme Manufacturing Corporation", "Global Services Group", "Pacific Engineering Services", "Apex Technologies International",
        "Summit Financial Group", "Crown Laboratories", "Northstar Communications", "Keystone Management Associates", "Vertex Industries",
        "Premier Insurance Services", "Coastal Electronics Manufacturing", "Continental Products Corporation", "Ridgeway Holdings International",
        "Union Technical Services", "Harbor Pharmaceuticals", "Granite Distribution Systems", "Beacon Telecommunications Group",
        "Meridian Solutions International", "Ironwood National Bank", "Sterling Brothers Manufacturing", "Falcon Enterprise Solutions",
        "Oakmont Engineering Group", "Lakeside Networks International", "Redwood Financial Services",
    ];

    /// <summary>
    /// The two weak spots of matching, measured apart on labelled sets made here: shortened words (Intl, Corp, Mfg, Svcs,
    /// Grp and their kin) anywhere in the name, found at least 97% of the time, and one slip of the keyboard anywhere in
    /// the name as typed with its legal form, also at least 97%; with no false match among companies that share a word,
    /// well-known companies spelled alike, and names that differ in short words: initials, numbers and regional suffixes.
    /// </summary>
    [Fact]
    public void Shortened_words_and_slips_anywhere_are_found_without_false_matches()
    {
        var random = new Random(2026);
        var names = RealCompanies.Concat(ShortenedCompanies).ToArray();

        var shortened = new List<(string A, string B)>();
        foreach (var name in names)
        {
            var words = name.Split(' ');
            for (var i = 0; i < words.Length; i++)
            {
                if (!Shortened.TryGetValue(words[i], out var forms)) continue;
                foreach (var form in forms)
                {
                    var variant = string.Join(' ', words.Select((w, j) => j == i ? form : w));
                    shortened.Add((name, variant));
                    // The same with every other shortenable word shortened too, and a legal form added.
                    var all = string.Join(' ', words.Select((w, j) => j == i ? form : Shortened.TryGetValue(w, out var f) ? f[random.Next(f.Length)] : w));
                    shortened.Add((name, all + (random.Next(2) == 0 ? " Inc." : " Ltd")));
                }
            }
        }

        var legalForms = LegalFormsByCountry.Values.SelectMany(f => f).ToArray();
        var slips = new List<(string A, string B)>();
        foreach (var name in names)
        {
            var typed = $"{name} {legalForms[random.Next(legalForms.Length)]}";
            for (var n = 0; n < 6; n++) slips.Add((name, SlipAnywhere(typed, random)));
        }

        string[][] alike =
        [
            ["Shopify", "Spotify"], ["Oracle", "Orange"], ["Bell Canada", "Dell Canada"], ["Intel", "Intuit"], ["Nokia", "Nikon"],
            ["Acme Systems", "Acne Systems"], ["Delta Air Lines", "Delta Airlines Cargo"], ["Apex Technologies International", "Apex Technologies National"],
            ["Summit Financial Group", "Summit Financial Services"], ["Crown Laboratories", "Crown Laundries"],
            ["AA Insurance", "AAA Insurance"], ["AIG Insurance", "AIA Insurance"], ["AIG Insurance", "AI Insurance"], ["ABB Electric", "AB Electric"],
            ["LG Electronics", "LS Electronics"], ["LS Retail", "GS Retail"], ["SK Telecom", "KT Telecom"], ["AB Foods", "AV Foods"],
            ["UBS Securities", "US Securities"], ["RWE Renewables", "WE Renewables"], ["Deutsche Bahn", "Deutsche Bank"],
            ["Delta Air Lines", "Delta Aid Lines"], ["Air France KLM", "Air France KLN"], ["Lighthouse Studio A", "Lighthouse Studio B"],
            ["Pinnacle Systems AI", "Pinnacle Systems AG"], ["Pinnacle Systems UK", "Pinnacle Systems US"], ["Pinnacle Systems HR", "Pinnacle Systems"],
            ["Summit Partners Fund II", "Summit Partners Fund III"], ["Summit Partners Fund IV", "Summit Partners Fund V"],
            ["Acme Ventures Fund 2024", "Acme Ventures Fund 2025"], ["Channel Partners 4", "Channel Partners 5"],
        ];
        var wordsOf = names.ToDictionary(n => n, n => CustomerIdentity.NormalizeName(n).Split(' ').Where(w => w.Length > 2).ToHashSet());
        var negatives = names.SelectMany(a => names.Where(b => string.CompareOrdinal(a, b) < 0 && wordsOf[a].Overlaps(wordsOf[b])).Select(b => (A: a, B: b)))
            .Concat(alike.Select(p => (A: p[0], B: p[1])))
            .ToList();

        static bool Matches((string A, string B) p) => CustomerMatcher.Reasons(CustomerIdentity.Of(p.A, null, null), CustomerIdentity.Of(p.B, null, null)).Count > 0;
        var shortenedMissed = shortened.Where(p => !Matches(p)).ToList();
        var slipsMissed = slips.Where(p => !Matches(p)).ToList();
        var wrong = negatives.Where(Matches).ToList();
        var shortenedRecall = 1 - (double)shortenedMissed.Count / shortened.Count;
        var slipRecall = 1 - (double)slipsMissed.Count / slips.Count;
        output.WriteLine($"Shortened words: {shortened.Count} pairs, recall {shortenedRecall:0.000}. Slips anywhere: {slips.Count} pairs, recall {slipRecall:0.000}. " +
                         $"Negatives: {negatives.Count}, wrongly matched {wrong.Count}.");
        output.WriteLine($"Missed shortened: {string.Join("; ", shortenedMissed.Take(20).Select(p => $"{p.A} ~ {p.B}"))}");
        output.WriteLine($"Missed slips: {string.Join("; ", slipsMissed.Take(30).Select(p => $"{p.A} ~ {p.B}"))}");

        Assert.True(shortened.Count >= 150 && slips.Count >= 900 && negatives.Count >= 100, $"The sets are too small: {shortened.Count}, {slips.Count}, {negatives.Count}.");
        Assert.True(shortenedRecall >= 0.97, $"Shortened words recall {shortenedRecall:0.000}; missed such as {string.Join("; ", shortenedMissed.Take(8).Select(p => $"{p.A} ~ {p.B}"))}");
        // Slips in words of five letters or more are all found (the real-names test); what is left out here are slips in
        // short words of short names ("ata Steel", "Swiss Ree"), in initials ("eG Electronics") and wrong letters in
        // two-letter legal forms ("Chase lG"), which look like other names.
        Assert.True(slipRecall >= 0.97, $"Slips recall {slipRecall:0.000}; missed such as {string.Join("; ", slipsMissed.Take(8).Select(p => $"{p.A} ~ {p.B}"))}");
        Assert.True(wrong.Count == 0, $"Wrongly matched: {string.Join("; ", wrong.Select(p => $"{p.A} ~ {p.B}"))}");
        var unreachable = shortened.Concat(slips).Where(Matches)
            .Where(p => !SharesAKey(CustomerIdentity.Of(p.A, null, null), CustomerIdentity.Of(p.B, null, null)))
            .Where(p => CustomerMatcher.Distance(CustomerIdentity.Of(p.A, null, null).CompactKey, CustomerIdentity.Of(p.B, null, null).CompactKey) != 2)
            .ToList();
        Assert.True(unreachable.Count == 0, $"The index would not find: {string.Join("; ", unreachable.Take(5).Select(p => $"{p.A} ~ {p.B}"))}");
    }

    /// <summary>One slip at any letter of the name as typed: a swap, a dropped, doubled or wrong letter.</summary>
    private static string SlipAnywhere(string typed, Random random)
    {
        var letters = Enumerable.Range(0, typed.Length).Where(i => char.IsLetter(typed[i])).ToList();
        var i = letters[random.Next(letters.Count)];
        return random.Next(4) switch
        {
            0 when i + 1 < typed.Length && char.IsLetter(typed[i + 1]) && typed[i + 1] != typed[i] => typed[..i] + typed[i + 1] + typed[i] + typed[(i + 2)..],
            1 => typed.Remove(i, 1),
            2 => typed.Insert(i, typed[i].ToString()),
            _ => typed[..i] + (char)('a' + (char.ToLowerInvariant(typed[i]) - 'a' + 1 + random.Next(24)) % 26) + typed[(i + 1)..],
        };
    }

    private static string RemoveAccents(string text) =>
        new(text.Normalize(System.Text.NormalizationForm.FormD).Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark).ToArray());

    /// <summary>One slip anywhere in a word of five letters or more: a swap, a dropped, doubled or wrong letter; null if none is long enough.</summary>
    private static string? Slip(string name, Random random)
    {
        var words = name.Split(' ');
        var candidates = Enumerable.Range(0, words.Length).Where(i => words[i].Count(char.IsLetter) >= 5 && words[i].All(char.IsLetter)).ToList();
        if (candidates.Count == 0) return null;
        var index = candidates[random.Next(candidates.Count)];
        var word = words[index];
        var i = random.Next(word.Length - 1);
        words[index] = random.Next(4) switch
        {
            0 => word[..i] + word[i + 1] + word[i] + word[(i + 2)..],
            1 => word.Remove(i, 1),
            2 => word.Insert(i, word[i].ToString()),
            _ => word[..i] + (char)('a' + (char.ToLowerInvariant(word[i]) - 'a' + 1 + random.Next(24)) % 26) + word[(i + 1)..],
        };
        return string.Join(' ', words);
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
    [InlineData("Bank of New York Mellon", "Bank of ew York Mellon")]
    [InlineData("Air France-KLM", "Air France-LKM")]
    [InlineData("Palo Alto Networks", "Palo Alt Networks")]
    [InlineData("Apex Technologies International", "pex Technologies International")]
    [InlineData("Hitachi Energy AB", "Hitachi Energy A")]
    [InlineData("Munich Re AG", "Munich Re GA")]
    [InlineData("Vodafone Group AG", "Vodafone Group AGG")]
    public void The_index_reaches_every_typo_and_spacing_the_matcher_accepts(string a, string b)
    {
        var (left, right) = (CustomerIdentity.Of(a, null, null), CustomerIdentity.Of(b, null, null));
        Assert.NotEmpty(CustomerMatcher.Reasons(left, right));
        Assert.True(SharesAKey(left, right), $"{a} / {b}");
    }

    [Fact]
    public void Every_one_letter_slip_in_any_position_of_a_word_is_reached()
    {
        var names = new[]
        {
            "Salesforce", "Pinnacle Systems", "Cedar Ridge Logistics", "Acme Robotics", "Brightwater Healthcare Partners", "Tesla Motors", "Adobe",
            "Oracle", "Apple Leisure", "Nokia Siemens Networks", "Bosch Rexroth", "Heidelberger Druckmaschinen", "Bank of New York Mellon AB",
            "Air France KLM", "Palo Alto Networks",
        };
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
        Assert.True(checkedPairs > 600, $"Only {checkedPairs} pairs checked.");
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
