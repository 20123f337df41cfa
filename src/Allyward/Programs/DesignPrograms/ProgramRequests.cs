using System.ComponentModel.DataAnnotations;
using Allyward.Partners.Contracts;

namespace Allyward.Programs.DesignPrograms;

public sealed record ProgramRequest
{
    [Required(ErrorMessage = "Name the program."), MaxLength(120, ErrorMessage = "The name is at most 120 characters.")]
    public string? Name { get; init; }

    [MaxLength(2000, ErrorMessage = "The description is at most 2,000 characters.")]
    public string? Description { get; init; }

    /// <summary>ISO 4217 code of the currency revenue is measured in, e.g. <c>USD</c>.</summary>
    [Required(ErrorMessage = "Give the program's currency, e.g. USD.")]
    public string? Currency { get; init; }

    /// <summary>The partner types the program is for; empty or absent for every type.</summary>
    public List<PartnerType>? PartnerTypes { get; init; }

    [Range(0, 365, ErrorMessage = "The grace period is 0 to 365 days.")]
    public int? GraceDays { get; init; }

    public bool? PromotionsNeedApproval { get; init; }

    [Range(1, 28, ErrorMessage = "The evaluation runs on day 1 to 28 of the month.")]
    public int? EvaluationDay { get; init; }
}

public sealed record TierRequest
{
    [Required(ErrorMessage = "Name the tier."), MaxLength(80, ErrorMessage = "The name is at most 80 characters.")]
    public string? Name { get; init; }

    [MaxLength(2000, ErrorMessage = "The description is at most 2,000 characters.")]
    public string? Description { get; init; }

    public BenefitsRequest? Benefits { get; init; }

    /// <summary>The requirements; a tier above the entry tier needs at least one.</summary>
    public List<RequirementRequest>? Requirements { get; init; }

    /// <summary>How many of the requirements that are not required must be met (the N of "N of M").</summary>
    public int? OptionalNeeded { get; init; }
}

public sealed record BenefitsRequest
{
    public int? DealProtectionDays { get; init; }
    public decimal? DiscountPercent { get; init; }
    public bool? MdfEligible { get; init; }
    public decimal? MdfSharePercent { get; init; }
    public int? LeadPriority { get; init; }
    public List<string>? Other { get; init; }
}

public sealed record RequirementRequest
{
    public RequirementKind? Kind { get; init; }

    /// <summary>The value to reach: minor units of the program's currency for revenue, a count otherwise, 1 for yes/no kinds.</summary>
    public long? Target { get; init; }

    /// <summary>The trailing window in months (1–36) for revenue, deals, new customers and custom KPIs.</summary>
    public int? WindowMonths { get; init; }

    public Guid? CertificationId { get; init; }
    public string? AgreementTitle { get; init; }
    public Guid? KpiId { get; init; }

    /// <summary>True when it must be met; false when it counts toward "N of M". Required when absent.</summary>
    public bool? Required { get; init; }
}
