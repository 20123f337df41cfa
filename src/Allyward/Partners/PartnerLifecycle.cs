using Allyward.Partners.Contracts;
using Allyward.Platform.Audit;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Partners;

/// <summary>
/// The partner lifecycle: Applicant → Approved → Onboarding → Active → Offboarding → Former, with Rejected
/// for applicants turned down. An approved or onboarding partner can be offboarded before activation, and
/// offboarding can be called off (back to Active). Former and Rejected are final.
/// </summary>
public static class PartnerLifecycle
{
    private static readonly Dictionary<PartnerStage, PartnerStage[]> Moves = new()
    {
        [PartnerStage.Applicant] = [PartnerStage.Approved, PartnerStage.Rejected],
        [PartnerStage.Approved] = [PartnerStage.Onboarding, PartnerStage.Offboarding],
        [PartnerStage.Onboarding] = [PartnerStage.Active, PartnerStage.Offboarding],
        [PartnerStage.Active] = [PartnerStage.Offboarding],
        [PartnerStage.Offboarding] = [PartnerStage.Former, PartnerStage.Active],
        [PartnerStage.Former] = [],
        [PartnerStage.Rejected] = [],
    };

    public static IReadOnlyList<PartnerStage> NextStages(PartnerStage from) => Moves[from];

    public static bool CanMove(PartnerStage from, PartnerStage to) => Moves[from].Contains(to);
}

/// <summary>A recorded move between lifecycle stages: who, when and why.</summary>
[AuditCreationAs("partner.stage-changed")]
public sealed class PartnerStageTransition : IPartnerOwned, IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid PartnerId { get; init; }
    public PartnerStage From { get; init; }
    public PartnerStage To { get; init; }
    public string Reason { get; init; } = "";
    public Guid? ChangedById { get; init; }
    public string ChangedByName { get; init; } = "";
    public DateTime At { get; init; }
}

internal sealed class PartnerStageTransitionConfiguration : IEntityTypeConfiguration<PartnerStageTransition>
{
    public void Configure(EntityTypeBuilder<PartnerStageTransition> transition)
    {
        transition.ToTable("PartnerStageTransitions");
        transition.Property(t => t.From).HasConversion<string>().HasMaxLength(40);
        transition.Property(t => t.To).HasConversion<string>().HasMaxLength(40);
        transition.Property(t => t.Reason).HasMaxLength(PartnerLimits.Reason);
        transition.Property(t => t.ChangedByName).HasMaxLength(200);
        transition.HasOne<Partner>().WithMany().HasForeignKey(t => t.PartnerId);
        transition.HasIndex(t => new { t.PartnerId, t.At });
    }
}
