namespace Allyward.Partners.Contracts;

/// <summary>How partner values read on pages, in e-mails and notifications (the API and CSV cells keep the enum names).</summary>
public static class Labels
{
    public static string Of(PartnerType type) => type switch
    {
        PartnerType.SystemIntegrator => "System integrator",
        PartnerType.ManagedServiceProvider => "Managed service provider",
        PartnerType.TechnologyPartner => "Technology partner",
        _ => type.ToString(),
    };

    public static string Of(Region region) => region switch
    {
        Region.NorthAmerica => "North America",
        Region.LatinAmerica => "Latin America",
        Region.MiddleEastAfrica => "Middle East & Africa",
        Region.AsiaPacific => "Asia-Pacific",
        _ => region.ToString(),
    };

    public static string Of(PartnerStage stage) => stage switch
    {
        PartnerStage.Applicant => "Applicant",
        PartnerStage.Approved => "Approved",
        PartnerStage.Onboarding => "Onboarding",
        PartnerStage.Active => "Active",
        PartnerStage.Offboarding => "Offboarding",
        PartnerStage.Former => "Former partner",
        PartnerStage.Rejected => "Rejected",
        _ => stage.ToString(),
    };

    public static string Of(SizeBand size) => size switch
    {
        SizeBand.Micro => "1–10 people",
        SizeBand.Small => "11–50 people",
        SizeBand.Medium => "51–250 people",
        SizeBand.Large => "251–1,000 people",
        SizeBand.Enterprise => "1,000+ people",
        _ => size.ToString(),
    };
}
