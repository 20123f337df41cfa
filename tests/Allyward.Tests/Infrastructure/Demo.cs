namespace Allyward.Tests.Infrastructure;

/// <summary>Accounts and organizations of the demo data that tests sign in as.</summary>
public static class Demo
{
    public const string Admin = "admin@kestrelcloud.example";
    public const string Cam = "cam@kestrelcloud.example";
    public const string Finance = "finance@kestrelcloud.example";

    /// <summary>Partner A: Northwind Systems.</summary>
    public const string PartnerA = "Northwind Systems";
    public const string PartnerAAdmin = "olivia.hart@northwindsystems.com";
    public const string PartnerASales = "daniel.okafor@northwindsystems.com";

    /// <summary>Partner B: Bluefin Networks.</summary>
    public const string PartnerB = "Bluefin Networks";
    public const string PartnerBAdmin = "jonas.berg@bluefin-networks.de";
    public const string PartnerBSales = "amara.singh@bluefin-networks.de";

    public const string Password = Allyward.Platform.Seeding.DemoData.Password;
}
