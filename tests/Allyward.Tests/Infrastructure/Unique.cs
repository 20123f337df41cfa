namespace Allyward.Tests.Infrastructure;

public static class Unique
{
    public static string Suffix() => Guid.NewGuid().ToString("N")[..8];

    public static string Email(string name = "user") => $"{name}.{Suffix()}@example.org";

    public static object Partner(string? name = null) => new
    {
        name = name ?? $"Test Partner {Suffix()}",
        type = "Reseller",
        country = "DE",
        region = "Europe",
        sizeBand = "Small",
        website = $"https://www.test-{Suffix()}.example",
        industries = new[] { "Retail" },
        specializations = new[] { "Security" },
    };
}
