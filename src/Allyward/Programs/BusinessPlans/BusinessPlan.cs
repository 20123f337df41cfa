using Allyward.Platform.Audit;
using Allyward.Platform.Data;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Programs.BusinessPlans;

public enum PlanPeriodKind { Quarter, Year }
public enum PlanStatus { Draft, Active, Closed }
public enum GoalKind { Revenue, Deals, CertifiedPeople, MdfActivities, Custom }
public enum PlanSide { Vendor, Partner }
public enum PlanActionStatus { Open, InProgress, Done, Cancelled }

/// <summary>The words people read for the plans' code names; the API and CSV keep the names.</summary>
public static class BusinessPlanLabels
{
    public static string Label(this PlanPeriodKind kind) => kind switch
    {
        PlanPeriodKind.Quarter => "Quarter",
        PlanPeriodKind.Year => "Year",
        _ => kind.ToString(),
    };

    public static string Label(this PlanStatus status) => status switch
    {
        PlanStatus.Draft => "Draft",
        PlanStatus.Active => "Active",
        PlanStatus.Closed => "Closed",
        _ => status.ToString(),
    };

    public static string Label(this GoalKind kind) => kind switch
    {
        GoalKind.Revenue => "Won revenue",
        GoalKind.Deals => "Won deals",
        GoalKind.CertifiedPeople => "Certified people",
        GoalKind.MdfActivities => "MDF activities",
        GoalKind.Custom => "Custom goal",
        _ => kind.ToString(),
    };

    public static string Label(this PlanSide side) => side switch
    {
        PlanSide.Vendor => "Vendor",
        PlanSide.Partner => "Partner",
        _ => side.ToString(),
    };

    public static string Label(this PlanActionStatus status) => status switch
    {
        PlanActionStatus.Open => "Open",
        PlanActionStatus.InProgress => "In progress",
        PlanActionStatus.Done => "Done",
        PlanActionStatus.Cancelled => "Cancelled",
        _ => status.ToString(),
    };

    /// <summary>"Q2 2026" or "2026".</summary>
    public static string Period(PlanPeriodKind kind, int year, int? quarter) => kind == PlanPeriodKind.Quarter ? $"Q{quarter} {year}" : $"{year}";
}

/// <summary>
/// A joint business plan: what the vendor and one partner mean to reach together in a quarter or a year, in the plan's
/// currency. One per partner and period; its goals, actions and history belong to it.
/// </summary>
public sealed class BusinessPlan : IPartnerOwned, IVersioned, IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid PartnerId { get; init; }
    public string Title { get; set; } = "";
    public PlanPeriodKind PeriodKind { get; init; }
    public int Year { get; init; }

    /// <summary>1–4 for a quarter's plan; null for a year's.</summary>
    public int? Quarter { get; init; }

    public DateOnly PeriodStart { get; init; }
    public DateOnly PeriodEnd { get; init; }

    /// <summary>ISO 4217: revenue goals and their actuals are in this currency.</summary>
    public string Currency { get; set; } = "USD";

    public PlanStatus Status { get; private set; }
    public Guid? VendorOwnerId { get; set; }
    public string VendorOwnerName { get; set; } = "";
    public Guid? PartnerOwnerId { get; set; }
    public string PartnerOwnerName { get; set; } = "";
    public DateTime CreatedAt { get; init; }

    /// <inheritdoc />
    public int Version { get; private set; }

    public string PeriodLabel => BusinessPlanLabels.Period(PeriodKind, Year, Quarter);

    /// <summary>The first and last day of a quarter or a year.</summary>
    public static (DateOnly Start, DateOnly End) PeriodOf(PlanPeriodKind kind, int year, int? quarter)
    {
        if (kind == PlanPeriodKind.Year) return (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        var start = new DateOnly(year, (quarter!.Value - 1) * 3 + 1, 1);
        return (start, start.AddMonths(3).AddDays(-1));
    }

    public static BusinessPlan Start(Guid partnerId, string title, PlanPeriodKind kind, int year, int? quarter, string currency, PlanStatus status, DateTime at)
    {
        var (start, end) = PeriodOf(kind, year, kind == PlanPeriodKind.Quarter ? quarter : null);
        return new BusinessPlan
        {
            PartnerId = partnerId, Title = title, PeriodKind = kind, Year = year, Quarter = kind == PlanPeriodKind.Quarter ? quarter : null,
            PeriodStart = start, PeriodEnd = end, Currency = currency, Status = status, CreatedAt = at,
        };
    }

    /// <summary>Moves the plan to another status; null when done, else why not. A closed plan may be reopened, a plan never goes back to draft.</summary>
    public string? MoveTo(PlanStatus to)
    {
        if (to == Status) return null;
        if (to == PlanStatus.Draft) return "A plan that was activated or closed does not go back to draft.";
        Status = to;
        return null;
    }
}

/// <summary>One goal of a plan: a target and where its actual comes from (the partner metrics, or a number entered by hand).</summary>
public sealed class PlanGoal : IPartnerOwned, IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid PartnerId { get; init; }
    public Guid PlanId { get; init; }
    public GoalKind Kind { get; set; }
    public string Title { get; set; } = "";

    /// <summary>Revenue in minor units of the plan's currency; a count otherwise. Never negative.</summary>
    public long Target { get; set; }

    /// <summary>For certified people: the certification counted (any when null).</summary>
    public Guid? CertificationId { get; set; }

    /// <summary>For a custom goal: the custom KPI whose values count; without one the actual is entered by hand.</summary>
    public Guid? KpiId { get; set; }

    /// <summary>The actual entered by hand, for MDF activities (no funds module yet) and custom goals without a KPI.</summary>
    public long? ManualActual { get; set; }

    public PlanSide Side { get; set; }
    public string OwnerName { get; set; } = "";
    public DateTime CreatedAt { get; init; }

    /// <summary>Whether the actual is entered by hand rather than measured.</summary>
    public static bool IsManual(GoalKind kind, Guid? kpiId) => kind == GoalKind.MdfActivities || (kind == GoalKind.Custom && kpiId is null);
}

/// <summary>Something one side promised to do for the plan, by a day.</summary>
public sealed class PlanAction : IPartnerOwned, IVersioned, IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid PartnerId { get; init; }
    public Guid PlanId { get; init; }
    public Guid? GoalId { get; set; }
    public string Title { get; set; } = "";
    public PlanSide Side { get; init; }
    public string OwnerName { get; set; } = "";
    public DateOnly DueOn { get; set; }
    public PlanActionStatus Status { get; private set; }
    public DateTime CreatedAt { get; init; }
    public DateTime? CompletedAt { get; private set; }

    /// <inheritdoc />
    public int Version { get; private set; }

    public bool IsOverdue(DateOnly today) => Status is PlanActionStatus.Open or PlanActionStatus.InProgress && DueOn < today;

    /// <summary>
    /// Moves the action; null when done, else why not. Open and in-progress actions may move anywhere; a done or
    /// cancelled one only reopens.
    /// </summary>
    public string? MoveTo(PlanActionStatus to, DateTime at)
    {
        if (to == Status) return $"The action is {Status.Label().ToLowerInvariant()} already.";
        if (Status is PlanActionStatus.Done or PlanActionStatus.Cancelled && to != PlanActionStatus.Open)
        {
            return $"The action is {Status.Label().ToLowerInvariant()}; reopen it first.";
        }
        Status = to;
        CompletedAt = to == PlanActionStatus.Done ? at : null;
        return null;
    }
}

/// <summary>One change to a plan, in words, kept for good.</summary>
public sealed class PlanHistoryEntry : IPartnerOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid PartnerId { get; init; }
    public Guid PlanId { get; init; }
    public DateTime At { get; init; }
    public string By { get; init; } = "";
    public string What { get; init; } = "";
}

internal sealed class BusinessPlanConfiguration :
    IEntityTypeConfiguration<BusinessPlan>, IEntityTypeConfiguration<PlanGoal>, IEntityTypeConfiguration<PlanAction>, IEntityTypeConfiguration<PlanHistoryEntry>
{
    public void Configure(EntityTypeBuilder<BusinessPlan> plan)
    {
        plan.ToTable("BusinessPlans");
        plan.ReferencesPartner(p => p.PartnerId);
        plan.Ignore(p => p.PeriodLabel);
        plan.Property(p => p.Title).HasMaxLength(200);
        plan.Property(p => p.Currency).HasMaxLength(3);
        plan.Property(p => p.VendorOwnerName).HasMaxLength(200);
        plan.Property(p => p.PartnerOwnerName).HasMaxLength(200);
        // One plan per partner and period.
        plan.HasIndex(p => new { p.PartnerId, p.PeriodKind, p.PeriodStart }).IsUnique();
        plan.HasIndex(p => new { p.Year, p.Status });
    }

    public void Configure(EntityTypeBuilder<PlanGoal> goal)
    {
        goal.ToTable("PlanGoals");
        goal.ReferencesPartner(g => g.PartnerId);
        goal.Property(g => g.Title).HasMaxLength(200);
        goal.Property(g => g.OwnerName).HasMaxLength(200);
        goal.HasOne<BusinessPlan>().WithMany().HasForeignKey(g => g.PlanId).OnDelete(DeleteBehavior.Cascade);
        goal.HasIndex(g => new { g.PlanId, g.CreatedAt });
    }

    public void Configure(EntityTypeBuilder<PlanAction> action)
    {
        action.ToTable("PlanActions");
        action.ReferencesPartner(a => a.PartnerId);
        action.Property(a => a.Title).HasMaxLength(300);
        action.Property(a => a.OwnerName).HasMaxLength(200);
        action.HasOne<BusinessPlan>().WithMany().HasForeignKey(a => a.PlanId).OnDelete(DeleteBehavior.Cascade);
        action.HasOne<PlanGoal>().WithMany().HasForeignKey(a => a.GoalId).OnDelete(DeleteBehavior.SetNull);
        action.HasIndex(a => new { a.PlanId, a.DueOn });
    }

    public void Configure(EntityTypeBuilder<PlanHistoryEntry> entry)
    {
        entry.ToTable("PlanHistory");
        entry.ReferencesPartner(e => e.PartnerId);
        entry.Property(e => e.By).HasMaxLength(200);
        entry.Property(e => e.What).HasMaxLength(1000);
        entry.HasOne<BusinessPlan>().WithMany().HasForeignKey(e => e.PlanId).OnDelete(DeleteBehavior.Cascade);
        entry.HasIndex(e => new { e.PlanId, e.At });
    }
}
