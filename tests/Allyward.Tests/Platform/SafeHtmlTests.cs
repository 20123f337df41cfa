using Allyward.Platform.Content;
using Allyward.Tests.Agreements;

namespace Allyward.Tests.Platform;

/// <summary>What the platform's sanitizer lets through when Markdown or HTML is rendered.</summary>
public sealed class SafeHtmlTests
{
    private const string SafeHtmlLinks =
        "<a href=\"https://example.com/terms\">terms</a> <a href=\"http://example.com/\">plain</a> <a href=\"mailto:legal@example.com\">mail</a> <a href=\"/portal/deals\">deals</a> <a href=\"#scope\">section</a>";

    public static TheoryData<string> HtmlPayloads => new()
    {
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(2)>",
        "<a href=\"javascript:alert(3)\">x</a>",
        "<a href=\" javascript:alert(4)\">x</a>",
        "<a href=\"jav&#x09;ascript:alert(5)\">x</a>",
        "<a href=\"JAVASCRIPT&colon;alert(6)\">x</a>",
        "<a href=\"data:text/html,<script>alert(7)</script>\">x</a>",
        "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoOCk+\">",
        "<iframe src=\"https://example.com\"></iframe>",
        "<iframe srcdoc=\"<script>alert(9)</script>\"></iframe>",
        "<svg onload=alert(10)></svg>",
        "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
        "<form action=\"https://evil.example\"><button formaction=\"javascript:alert(11)\">x</button></form>",
        "<div style=\"background:url(javascript:alert(12))\">x</div>",
        "<style>body{background:url(https://evil.example/)}</style>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(13)>",
        "<base href=\"https://evil.example/\"><meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(14)\">",
        "<a href=\"vbscript:msgbox(15)\" data-x=\"1\" class=\"mud-overlay\" id=\"app\">x</a>",
    };

    [Theory]
    [MemberData(nameof(HtmlPayloads))]
    public void Html_keeps_safe_links_and_loses_what_runs(string payload) =>
        AgreementMarkdownTests.AssertInert(SafeHtml.Sanitize(SafeHtmlLinks + payload));

    [Fact]
    public void Markdown_links_images_and_autolinks_that_would_run_script_are_made_inert()
    {
        var html = SafeHtml.MarkdownToHtml(string.Join("\n\n", AgreementMarkdownTests.Payloads) + "\n\n" + AgreementMarkdownTests.SafeLinks);
        AgreementMarkdownTests.AssertInert(html);
        // Raw HTML in Markdown is shown as text.
        Assert.Contains("&lt;script&gt;", html);
    }

    [Fact]
    public void Formatting_survives()
    {
        var html = SafeHtml.MarkdownToHtml("# Title\n\n**bold** _em_ `code`\n\n- one\n- two\n\n> quote\n\n![logo](https://example.com/logo.png \"Logo\")");
        foreach (var part in new[] { "<h1>Title</h1>", "<strong>bold</strong>", "<em>em</em>", "<code>code</code>", "<li>one</li>", "<blockquote>", "src=\"https://example.com/logo.png\"", "alt=\"logo\"" })
        {
            Assert.Contains(part, html);
        }
        Assert.Contains("rel=\"noopener noreferrer nofollow\"", SafeHtml.MarkdownToHtml("[x](https://example.com)"));
    }
}
