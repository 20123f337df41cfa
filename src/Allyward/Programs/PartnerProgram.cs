using Allyward.Partners.Contracts;
using Allyward.Platform.Audit;
using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Programs;

/// <summary>
/// A partner program: an ordered ladder of tiers, each a promise of benefits for partners that meet its requirements.
/// Amounts in its requirements and plans are in the program's currency.
/// </summary>
public sealed class PartnerProgram : IAudited, IVersioned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";

    /// <summary>ISO 4217; won revenue in other currencies converts to it at the rate of each deal's close day.</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>The partner types the program is for; empty for every type. Active partners of these types join at the entry tier.</summary>
    public List<PartnerType> PartnerTypes { get; set; } = [];

    /// <summary>How long a partner that no longer meets its tier keeps it, warned, before it is demoted.</summary>
    public int GraceDays { get; set; } = 90;

    /// <summary>Whether a promotion waits for a channel account manager or program admin to approve it, or is made at once.</summary>
    public bool PromotionsNeedApproval { get; set; } = true;

    /// <summary>The day of the month the scheduled evaluation runs (1–28).</summary>
    public int EvaluationDay { get; set; } = 1;

    /// <summary>When the last evaluation started; claiming a run moves it, so two nodes never run one program at once.</summary>
    public DateTime? LastEvaluationStartedAt { get; set; }

    public DateTime CreatedAt { get; init; }

    /// <inheritdoc />
    public int Version { get; private set; }

    public bool IsFor(PartnerType type) => PartnerTypes.Count == 0 || PartnerTypes.Contains(type);
}

/// <summary>One rung of a program. Rank 0 is the entry tier every member starts at.</summary>
public sealed class Tier : IAudited, IVersioned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ProgramId { get; init; }
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public int Rank { get; set; }
    public TierBenefits Benefits { get; set; } = new();
    public TierRequirements Requirements { get; set; } = new();

    /// <inheritdoc />
    public int Version { get; private set; }
}

/// <summary>What a tier gives. Other modules read these through <c>Programs.Contracts.PartnerTiers</c>.</summary>
public sealed class TierBenefits
{
    /// <summary>How long an approved deal is protected, instead of the deal settings' period; null keeps the settings'.</summary>
    public int? DealProtectionDays { get; set; }

    /// <summary>The discount off list price the partner buys at, shown to it (0–100).</summary>
    public decimal? DiscountPercent { get; set; }

    public bool MdfEligible { get; set; }

    /// <summary>The share of a region's MDF budget partners of this tier are allocated (0–100).</summary>
    public decimal? MdfSharePercent { get; set; }

    /// <summary>Leads go to partners of a higher priority first (0 = none).</summary>
    public int LeadPriority { get; set; }

    /// <summary>Other benefits in words ("Named partner account manager", "Listed in the partner locator").</summary>
    public List<string> Other { get; set; } = [];
}

/// <summary>A tier's requirements: each one is required, or counts toward "<see cref="OptionalNeeded"/> of the others".</summary>
public sealed class TierRequirements
{
    public List<TierRequirement> Items { get; set; } = [];

    /// <summary>How many of the requirements that are not required must be met (the N of "N of M").</summary>
    public int OptionalNeeded { get; set; }
}

public enum RequirementKind { WonRevenue, WonDeals, NewCustomersWon, CertifiedPeople, OnboardingCompleted, AgreementSigned, CustomKpi }

/// <summary>One measurable rule. Revenue is in minor units of the program's currency; yes/no kinds have a target of 1.</summary>
public sealed class TierRequirement
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public RequirementKind Kind { get; set; }
    public long Target { get; set; }

    /// <summary>The trailing window in months for kinds measured over time (revenue, deals, customers, a custom KPI).</summary>
    public int WindowMonths { get; set; } = 12;

    /// <summary>For <see cref="RequirementKind.CertifiedPeople"/>: the certification people must hold.</summary>
    public Guid? CertificationId { get; set; }

    /// <summary>For <see cref="RequirementKind.AgreementSigned"/>: the title of the agreement (any agreement when empty).</summary>
    public string? AgreementTitle { get; set; }

    /// <summary>For <see cref="RequirementKind.CustomKpi"/>: the KPI whose values count.</summary>
    public Guid? KpiId { get; set; }

    public bool Required { get; set; } = true;

    public static bool IsMeasuredOverTime(RequirementKind kind) =>
        kind is RequirementKind.WonRevenue or RequirementKind.WonDeals or RequirementKind.NewCustomersWon or RequirementKind.CustomKpi;
}

internal sealed class PartnerProgramConfiguration : IEntityTypeConfiguration<PartnerProgram>, IEntityTypeConfiguration<Tier>
{
    public void Configure(EntityTypeBuilder<PartnerProgram> program)
    {
        program.ToTable("Programs");
        program.Property(p => p.Name).HasMaxLength(120);
        program.Property(p => p.Description).HasMaxLength(2000);
        program.Property(p => p.Currency).HasMaxLength(3);
        program.Property(p => p.PartnerTypes).HasJsonConversion();
        program.HasIndex(p => p.Name).IsUnique();
    }

    public void Configure(EntityTypeBuilder<Tier> tier)
    {
        tier.ToTable("Tiers");
        tier.Property(t => t.Name).HasMaxLength(80);
        tier.Property(t => t.Description).HasMaxLength(2000);
        tier.Property(t => t.Benefits).HasJsonConversion();
        tier.Property(t => t.Requirements).HasJsonConversion();
        tier.HasOne<PartnerProgram>().WithMany().HasForeignKey(t => t.ProgramId).OnDelete(DeleteBehavior.Cascade);
        tier.HasIndex(t => new { t.ProgramId, t.Rank }).IsUnique();
    }
}
