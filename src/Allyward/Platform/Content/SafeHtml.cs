using Ganss.Xss;
using Markdig;
using Microsoft.AspNetCore.Components;

namespace Allyward.Platform.Content;

/// <summary>
/// The one way to show Markdown or HTML that people wrote (agreement texts and the like) as markup: it is rendered, then
/// passed through a sanitizer that keeps formatting, tables, links and images but drops script, event handlers, styles,
/// embedded documents and every URL whose scheme is not http, https or mailto (relative links stay). Anywhere else,
/// text is shown as text; an architecture test holds that nothing else makes a <see cref="MarkupString"/>.
/// </summary>
public static class SafeHtml
{
    /// <summary>Raw HTML in Markdown is shown as text; what Markdown itself makes (links, images, autolinks) is sanitized.</summary>
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().DisableHtml().Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "div", "dl", "dt", "em",
                "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p",
                "pre", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
                "tr", "u", "ul",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "href", "src", "alt", "title", "colspan", "rowspan", "start", "reversed", "cite", "datetime", "width", "height", "align",
            },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src", "cite" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            AllowDataAttributes = false,
        });
        // Links leave the site without telling it where from, and carry no endorsement.
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } link && link.HasAttribute("href")) link.SetAttribute("rel", "noopener noreferrer nofollow");
        };
        return sanitizer;
    }

    /// <summary>HTML with only what is safe to show kept.</summary>
    public static string Sanitize(string? html) => string.IsNullOrEmpty(html) ? "" : Sanitizer.Sanitize(html);

    /// <summary>Markdown rendered to HTML, sanitized.</summary>
    public static string MarkdownToHtml(string? markdown) => Sanitize(Markdig.Markdown.ToHtml(markdown ?? "", Markdown));

    /// <summary>Markdown as sanitized markup for a component.</summary>
    public static MarkupString FromMarkdown(string? markdown) => new(MarkdownToHtml(markdown));

    /// <summary>HTML as sanitized markup for a component.</summary>
    public static MarkupString FromHtml(string? html) => new(Sanitize(html));
}
