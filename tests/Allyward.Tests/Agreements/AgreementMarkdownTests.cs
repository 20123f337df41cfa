using System.Net;
using System.Text.RegularExpressions;
using Allyward.Tests.Infrastructure;

namespace Allyward.Tests.Agreements;

/// <summary>Agreement Markdown comes from the vendor's staff but is shown to every partner: nothing in it may run.</summary>
public abstract class AgreementMarkdownTests(AllywardApp app)
{
    /// <summary>Markdown that tries to make a link, image or autolink run script or load a document.</summary>
    internal static readonly string[] Payloads =
    [
        "[inline link](javascript:alert(1))",
        "[upper case](JaVaScRiPt:alert(2))",
        "[entity-encoded](jav&#x61;script:alert(3))",
        "[escaped](java%73cript:alert(4))",
        "<javascript:alert(5)>",
        "![image](javascript:alert(6))",
        "[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCg3KTwvc2NyaXB0Pg==)",
        "![data image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoOCk+)",
        "<data:text/html,<script>alert(9)</script>>",
        "[vbscript](vbscript:msgbox(10))",
        "[reference link][evil]\n\n[evil]: javascript:alert(11)",
        "<script>alert(12)</script>",
        "<img src=x onerror=alert(13)>",
        "<a href=\"javascript:alert(14)\">raw html link</a>",
        "[title attribute](https://example.com \"x\\\" onmouseover=alert(15) \\\"\")",
    ];

    internal const string SafeLinks = "[terms](https://example.com/terms) [plain](http://example.com/) [mail](mailto:legal@example.com) [deals](/portal/deals) [section](#scope)";

    /// <summary>Every attribute of every tag, its value HTML-decoded (quoted values are read whole, so text inside one is no attribute).</summary>
    internal static List<(string Tag, string Name, string Value)> Attributes(string html) =>
        [.. Regex.Matches(html, @"<([a-zA-Z][\w-]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:""[^""]*""|'[^']*'|[^\s>""']+))?)*)\s*/?>")
            .SelectMany(tag => Regex.Matches(tag.Groups[2].Value, @"([^\s=/>]+)(?:\s*=\s*(?:""([^""]*)""|'([^']*)'|([^\s>""']+)))?")
                .Select(a => (tag.Groups[1].Value.ToLowerInvariant(), a.Groups[1].Value.ToLowerInvariant(),
                    WebUtility.HtmlDecode(a.Groups[2].Success ? a.Groups[2].Value : a.Groups[3].Success ? a.Groups[3].Value : a.Groups[4].Value))))];

    internal static void AssertInert(string html)
    {
        var attributes = Attributes(html);
        var urls = attributes.Where(a => a.Name is "href" or "src" or "srcset" or "action" or "formaction" or "xlink:href" or "background" or "poster" or "cite")
            .Select(a => a.Value.Trim()).ToList();
        Assert.NotEmpty(urls);
        // A URL is inert if it has no scheme (a relative link) or one of http, https and mailto, read as a browser reads
        // it: leading spaces and control characters dropped, tabs and newlines removed anywhere.
        Assert.All(urls, url =>
        {
            var read = Regex.Replace(url, "[\t\n\r]", "").TrimStart(Enumerable.Range(0, 33).Select(c => (char)c).ToArray());
            var scheme = Regex.Match(read, "^([a-zA-Z][a-zA-Z0-9+.-]*):");
            Assert.True(!scheme.Success || scheme.Groups[1].Value.ToLowerInvariant() is "http" or "https" or "mailto", $"Not inert: {url}");
        });
        Assert.DoesNotContain(attributes, a => a.Name.StartsWith("on") || a.Name == "style" || a.Name.StartsWith("data-"));
        Assert.DoesNotContain(attributes, a => a.Tag is "script" or "iframe" or "object" or "embed" or "svg" or "math" or "form" or "style" or "base" or "meta" or "link");
        Assert.DoesNotMatch(new Regex(@"<\s*(script|iframe|object|embed|svg|math|form|style|base|meta|link)\b", RegexOptions.IgnoreCase), html);
        foreach (var safe in new[] { "https://example.com/terms", "http://example.com/", "mailto:legal@example.com", "/portal/deals", "#scope" }) Assert.Contains(safe, urls);
    }

    [Fact]
    public async Task Agreement_markdown_in_the_portal_keeps_safe_links_and_runs_nothing()
    {
        var title = $"Linked agreement {Unique.Suffix()}";
        var text = $"# {title}\n\n{string.Join("\n\n", Payloads)}\n\n{SafeLinks}\n";
        await (await app.ApiClientAsync(Demo.Admin)).PostJsonAsync("/api/v1/agreements", new { title, text }).ExpectAsync(HttpStatusCode.Created);

        var browser = await app.SignInAsync(Demo.PartnerAAdmin);
        var page = await (await browser.GetAsync("/portal/agreements").ExpectAsync(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        var rendered = Regex.Matches(page, "<div class=\"agreement-text\">(.*?)</div>", RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value).Single(t => t.Contains(title));

        AssertInert(rendered);
        Assert.Contains("inline link", rendered);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AgreementMarkdownOnSqlite(SqliteApp app) : AgreementMarkdownTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AgreementMarkdownOnPostgres(PostgresApp app) : AgreementMarkdownTests(app);
