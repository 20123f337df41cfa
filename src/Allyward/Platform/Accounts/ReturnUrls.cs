namespace Allyward.Platform.Accounts;

/// <summary>
/// Where to send someone back to after signing in, from a return URL anyone can put in a link: only a path on this site,
/// percent-encoded so that it is a valid Location header (Kestrel refuses one that is not ASCII). Anything else — another
/// site (<c>//host</c>, <c>/\host</c>, a scheme), control characters or backslashes, which browsers read in surprising
/// ways — leads home.
/// </summary>
public static class ReturnUrls
{
    public const string Home = "/";

    private static readonly Uri Site = new("http://site.invalid/");

    public static string LocalOrHome(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > 2000 || url[0] != '/' || url.StartsWith("//", StringComparison.Ordinal)) return Home;
        if (url.Any(c => char.IsControl(c) || c == '\\')) return Home;
        if (!Uri.TryCreate(Site, url, out var resolved) || resolved.Scheme != Site.Scheme || resolved.Authority != Site.Authority) return Home;
        var local = resolved.GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped);
        return local.StartsWith('/') && !local.StartsWith("//", StringComparison.Ordinal) && local.All(char.IsAscii) ? local : Home;
    }
}
