using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Allyward.Platform.Mail;

/// <summary>
/// The HTML version of a plain-text mail: the same words, paragraphs and links, under the vendor's name in its colour
/// and over its footer. Everything from the text is encoded; only addresses starting with http(s) become links.
/// </summary>
public static partial class MailHtml
{
    [GeneratedRegex(@"https?://[^\s<>""]+", RegexOptions.CultureInvariant)]
    private static partial Regex Link();

    public static string Render(string subject, string text, MailBrand? brand)
    {
        var color = brand?.PrimaryColor ?? Branding.Brand.DefaultColor;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(subject)).Append("</title></head>");
        html.Append("<body style=\"margin:0;padding:24px;background:#f6f7fb;font-family:Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1c2333\">");
        html.Append("<div style=\"max-width:600px;margin:0 auto;background:#fff;border:1px solid #e0e3eb;border-radius:8px\">");
        html.Append("<div style=\"padding:16px 24px;border-bottom:4px solid ").Append(color).Append(";font-weight:700;font-size:18px\">")
            .Append(WebUtility.HtmlEncode(brand?.VendorName ?? "Allyward")).Append("</div><div style=\"padding:8px 24px 16px\">");
        foreach (var paragraph in text.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            html.Append("<p style=\"line-height:1.5\">").Append(Linked(paragraph.Trim()).Replace("\n", "<br>")).Append("</p>");
        }
        html.Append("</div>");
        if (brand?.Footer is { } footer)
        {
            html.Append("<div style=\"padding:12px 24px;border-top:1px solid #e0e3eb;color:#5b6478;font-size:12px\">")
                .Append(WebUtility.HtmlEncode(footer).Replace("\n", "<br>")).Append("</div>");
        }
        return html.Append("</div></body></html>").ToString();
    }

    private static string Linked(string paragraph)
    {
        var result = new StringBuilder();
        var last = 0;
        foreach (Match match in Link().Matches(paragraph))
        {
            result.Append(WebUtility.HtmlEncode(paragraph[last..match.Index]));
            var url = WebUtility.HtmlEncode(match.Value);
            result.Append("<a href=\"").Append(url).Append("\">").Append(url).Append("</a>");
            last = match.Index + match.Length;
        }
        return result.Append(WebUtility.HtmlEncode(paragraph[last..])).ToString();
    }
}
