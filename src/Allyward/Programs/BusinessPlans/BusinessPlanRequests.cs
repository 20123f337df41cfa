using System.ComponentModel.DataAnnotations;

namespace Allyward.Programs.BusinessPlans;

/// <summary>A new plan: for which partner and period, in which currency, owned by whom.</summary>
public sealed record PlanRequest
{
    [Required(ErrorMessage = "Choose the partner the plan is with.")]
    public Guid? PartnerId { get; init; }

    [Required(ErrorMessage = "Enter the plan's title."), MaxLength(200, ErrorMessage = "The title is at most 200 characters.")]
    public string? Title { get; init; }

    [Required(ErrorMessage = "Choose whether the plan is for a quarter or a year.")]
    public PlanPeriodKind? PeriodKind { get; init; }

    [Required(ErrorMessage = "Enter the plan's year."), Range(2000, 2100, ErrorMessage = "The year is between 2000 and 2100.")]
    public int? Year { get; init; }

    /// <summary>1–4, for a quarter's plan.</summary>
    [Range(1, 4, ErrorMessage = "The quarter is 1, 2, 3 or 4.")]
    public int? Quarter { get; init; }

    /// <summary>ISO 4217; revenue goals are in it.</summary>
    [Required(ErrorMessage = "Enter the plan's currency, such as USD.")]
    public string? Currency { get; init; }

    /// <summary>Draft unless given.</summary>
    public PlanStatus? Status { get; init; }

    /// <summary>A vendor staff member; the caller when not given.</summary>
    public Guid? VendorOwnerId { get; init; }

    /// <summary>A user of the partner.</summary>
    public Guid? PartnerOwnerId { get; init; }
}

/// <summary>A plan's details as vendor staff change them; its partner and period stay.</summary>
public sealed record PlanUpdateRequest
{
    [Required(ErrorMessage = "Enter the plan's title."), MaxLength(200, ErrorMessage = "The title is at most 200 characters.")]
    public string? Title { get; init; }

    [Required(ErrorMessage = "Enter the plan's currency, such as USD.")]
    public string? Currency { get; init; }

    [Required(ErrorMessage = "Choose the plan's status.")]
    public PlanStatus? Status { get; init; }

    public Guid? VendorOwnerId { get; init; }
    public Guid? PartnerOwnerId { get; init; }
}

/// <summary>Who at the partner owns the plan.</summary>
public sealed record PartnerOwnerRequest
{
    [Required(ErrorMessage = "Choose a person of the partner.")]
    public Guid? PartnerOwnerId { get; init; }
}

public sealed record GoalRequest
{
    [Required(ErrorMessage = "Choose what the goal measures.")]
    public GoalKind? Kind { get; init; }

    [Required(ErrorMessage = "Enter the goal's title."), MaxLength(200, ErrorMessage = "The title is at most 200 characters.")]
    public string? Title { get; init; }

    /// <summary>Revenue in minor units of the plan's currency (12,500.00 USD is 1250000); a count otherwise.</summary>
    [Required(ErrorMessage = "Enter the target."), Range(0, long.MaxValue, ErrorMessage = "The target cannot be negative.")]
    public long? Target { get; init; }

    /// <summary>For certified people: the certification counted; any certification when not given.</summary>
    public Guid? CertificationId { get; init; }

    /// <summary>For a custom goal: the custom KPI whose values count; without one the actual is entered by hand.</summary>
    public Guid? KpiId { get; init; }

    /// <summary>The actual so far, for MDF activities and custom goals without a KPI.</summary>
    [Range(0, long.MaxValue, ErrorMessage = "The actual cannot be negative.")]
    public long? ManualActual { get; init; }

    [Required(ErrorMessage = "Choose which side owns the goal.")]
    public PlanSide? Side { get; init; }

    [MaxLength(200, ErrorMessage = "The owner's name is at most 200 characters.")]
    public string? OwnerName { get; init; }
}

public sealed record ActionRequest
{
    [Required(ErrorMessage = "Enter what is to be done."), MaxLength(300, ErrorMessage = "The action is at most 300 characters.")]
    public string? Title { get; init; }

    [Required(ErrorMessage = "Choose which side does it.")]
    public PlanSide? Side { get; init; }

    [MaxLength(200, ErrorMessage = "The owner's name is at most 200 characters.")]
    public string? OwnerName { get; init; }

    [Required(ErrorMessage = "Enter the day it is due.")]
    public DateOnly? DueOn { get; init; }

    /// <summary>The goal the action serves, if any.</summary>
    public Guid? GoalId { get; init; }
}

public sealed record ActionStatusRequest
{
    [Required(ErrorMessage = "Choose the action's new status.")]
    public PlanActionStatus? Status { get; init; }
}

public sealed record PlanListItem(Guid Id, Guid PartnerId, string PartnerName, string Title, PlanPeriodKind PeriodKind, int Year, int? Quarter,
    DateOnly PeriodStart, DateOnly PeriodEnd, string Currency, PlanStatus Status, string VendorOwnerName, string PartnerOwnerName)
{
    public string Period => BusinessPlanLabels.Period(PeriodKind, Year, Quarter);
}

/// <param name="Actual">Measured by the partner metrics over the plan's period, or entered by hand (<paramref name="Manual"/>).</param>
/// <param name="Percent">The actual as a percentage of the target (100 when the target is 0).</param>
public sealed record GoalProgress(Guid Id, GoalKind Kind, string Title, long Target, long Actual, int Percent, bool Manual,
    Guid? CertificationId, Guid? KpiId, long? ManualActual, PlanSide Side, string OwnerName);

public sealed record PlanActionItem(Guid Id, Guid? GoalId, string Title, PlanSide Side, string OwnerName, DateOnly DueOn, PlanActionStatus Status,
    bool Overdue, DateTime CreatedAt, DateTime? CompletedAt, int Version);

public sealed record PlanHistoryItem(DateTime At, string By, string What);

/// <summary>A plan with its goals and their progress, its actions and its latest history.</summary>
/// <param name="CurrenciesWithoutRate">Currencies of won deals that had no exchange rate into the plan's currency, and so did not count.</param>
public sealed record PlanDetail(Guid Id, Guid PartnerId, string PartnerName, string Title, PlanPeriodKind PeriodKind, int Year, int? Quarter, string Period,
    DateOnly PeriodStart, DateOnly PeriodEnd, string Currency, PlanStatus Status, Guid? VendorOwnerId, string VendorOwnerName, Guid? PartnerOwnerId, string PartnerOwnerName,
    DateTime CreatedAt, int Version, IReadOnlyList<GoalProgress> Goals, IReadOnlyList<PlanActionItem> Actions, IReadOnlyList<PlanHistoryItem> History,
    IReadOnlyCollection<string> CurrenciesWithoutRate);

/// <summary>A person who may own a plan or an action.</summary>
public sealed record PlanPerson(Guid Id, string Name);

/// <summary>What the plan forms offer: partners (for vendor staff), people on both sides, certifications and custom KPIs.</summary>
public sealed record PlanChoices(IReadOnlyList<PlanPerson> Partners, IReadOnlyList<PlanPerson> VendorStaff, IReadOnlyList<PlanPerson> PartnerPeople,
    IReadOnlyList<PlanPerson> Certifications, IReadOnlyList<PlanPerson> Kpis);

/// <summary>The plan list's query string: paging, sort, search and the filters.</summary>
public sealed record PlanListQuery(Guid? PartnerId, int? Year, PlanStatus? Status, int? Page, int? PageSize, string? Sort, string? Search)
{
    public Platform.Api.ListQuery List => new(Page, PageSize, Sort, Search);
}
