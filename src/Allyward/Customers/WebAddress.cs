using System.Globalization;

namespace Allyward.Customers;

/// <summary>
/// A company's web address as people type it — <c>acme.com</c>, <c>www.acme.com/en</c>, <c>HTTPS://Acme.com</c> —
/// accepted and kept in one form; only text that cannot be a web address is refused.
/// </summary>
public static class WebAddress
{
    public const string Refusal = "Enter a web address, such as acme.com or https://www.acme.com.";

    /// <summary>
    /// The address with its scheme (https unless http was typed), its host in lower case, and its path and query as
    /// typed, without a fragment or a lone trailing slash; null when the text is not an http(s) address of a host with
    /// a domain name (spaces, other schemes, user names, bare words and IP addresses are not).
    /// </summary>
    public static string? Normalize(string? text)
    {
        var typed = text?.Trim();
        if (string.IsNullOrEmpty(typed) || typed.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))) return null;
        if (!typed.Contains("://", StringComparison.Ordinal)) typed = "https://" + typed;
        if (!Uri.TryCreate(typed, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return null;
        if (uri.UserInfo.Length > 0 || uri.HostNameType != UriHostNameType.Dns || IdnHostOf(uri) is not { } idnHost || !IsDomainName(idnHost)) return null;

        var host = uri.Host.ToLowerInvariant();
        var port = uri.IsDefaultPort ? "" : ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        var path = uri.AbsolutePath == "/" ? "" : uri.AbsolutePath.TrimEnd('/');
        return $"{uri.Scheme}://{host}{port}{path}{uri.Query}";
    }

    /// <summary>
    /// The host in its ASCII (punycode) form, or null when it has characters no domain name may hold: <see cref="Uri"/>
    /// accepts such a host (a bidirectional isolate, for one) and throws only when asked for its IDN form.
    /// </summary>
    private static string? IdnHostOf(Uri uri)
    {
        try
        {
            return uri.IdnHost;
        }
        catch (Exception ex) when (ex is UriFormatException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>At least two labels of letters, digits and inner hyphens; the last one a real top-level name.</summary>
    private static bool IsDomainName(string host)
    {
        var labels = host.TrimEnd('.').Split('.');
        if (labels.Length < 2 || labels.Any(l => l.Length is 0 or > 63 || l[0] == '-' || l[^1] == '-' || !l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            return false;
        }
        var top = labels[^1];
        return top.StartsWith("xn--", StringComparison.OrdinalIgnoreCase) || (top.Length >= 2 && top.All(char.IsAsciiLetter));
    }
}
