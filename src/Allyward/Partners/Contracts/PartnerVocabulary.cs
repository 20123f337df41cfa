namespace Allyward.Partners.Contracts;

public enum PartnerType { Reseller, Distributor, SystemIntegrator, ManagedServiceProvider, Referral, TechnologyPartner }

public enum Region { NorthAmerica, LatinAmerica, Europe, MiddleEastAfrica, AsiaPacific }

public enum SizeBand { Micro, Small, Medium, Large, Enterprise }

/// <summary>Where a partner is in its lifecycle; the moves between stages belong to the Partners module.</summary>
public enum PartnerStage { Applicant, Approved, Onboarding, Active, Offboarding, Former, Rejected }
