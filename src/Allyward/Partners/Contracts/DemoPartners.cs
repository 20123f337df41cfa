namespace Allyward.Partners.Contracts;

/// <summary>The demo partners, for the modules whose demo data comes after; the first is Northwind, the second Bluefin.</summary>
public sealed record DemoPartners(IReadOnlyList<PartnerSummary> All, IReadOnlyList<(string Name, string Domain)> Companies)
{
    public PartnerSummary Northwind => All[0];
    public PartnerSummary Bluefin => All[1];
}
