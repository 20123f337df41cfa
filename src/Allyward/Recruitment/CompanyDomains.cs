namespace Allyward.Recruitment;

/// <summary>The corporate domain of a company, from a web address or an e-mail address.</summary>
public static class CompanyDomains
{
    /// <summary>Mailbox providers anyone can sign up to: their domain says nothing about the company.</summary>
    private static readonly HashSet<string> FreeMail = new(StringComparer.OrdinalIgnoreCase)
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "live.com", "msn.com", "yahoo.com",
        "yahoo.co.uk", "yahoo.fr", "ymail.com", "aol.com", "icloud.com", "me.com", "mac.com", "proton.me", "protonmail.com",
        "gmx.com", "gmx.de", "gmx.net", "web.de", "mail.com", "zoho.com", "yandex.com", "yandex.ru", "mail.ru", "qq.com",
        "163.com", "126.com", "naver.com", "t-online.de", "orange.fr", "free.fr", "laposte.net", "libero.it", "fastmail.com",
    };

    public static bool IsFreeMail(string domain) => FreeMail.Contains(domain);

    /// <summary>The host of a web address, lower case, without <c>www.</c>; null if it is not one.</summary>
    public static string? FromWebsite(string? website) =>
        Uri.TryCreate(website?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? Normalize(uri.Host)
            : null;

    /// <summary>The domain of an e-mail address, unless it is a free-mail provider.</summary>
    public static string? FromEmail(string? email)
    {
        var at = email?.LastIndexOf('@') ?? -1;
        if (at < 0) return null;
        var domain = Normalize(email![(at + 1)..]);
        return domain is null || IsFreeMail(domain) ? null : domain;
    }

    public static string? Normalize(string? host)
    {
        if (string.IsNullOrWhiteSpace(host)) return null;
        var domain = host.Trim().TrimEnd('.').ToLowerInvariant();
        return domain.StartsWith("www.") ? domain[4..] : domain;
    }
}
