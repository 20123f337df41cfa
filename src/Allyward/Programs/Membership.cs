using Allyward.Platform.Audit;
using Allyward.Platform.Data;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Programs;

/// <summary>
/// A partner's place in a program: its tier, and, while it no longer meets that tier, when it was warned and when
/// its grace period ends. One per partner and program.
/// </summary>
public sealed class ProgramMembership : IPartnerOwned, IAudited, IVersioned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ProgramId { get; init; }
    public Guid PartnerId { get; init; }
    public Guid TierId { get; private set; }
    public DateTime Since { get; private set; }

    /// <summary>Set while the partner no longer meets its tier: the tier it would fall to, and the end of its grace period.</summary>
    public Guid? AtRiskOfTierId { get; private set; }
    public DateTime? AtRiskSince { get; private set; }
    public DateTime? GraceEndsAt { get; private set; }

    /// <summary>When the evaluation last measured the partner, and how far it then was toward the tier above (0–100).</summary>
    public DateTime? MeasuredAt { get; private set; }
    public int NextTierProgress { get; private set; }

    /// <inheritdoc />
    public int Version { get; private set; }

    public void Measured(DateTime at, int nextTierProgress)
    {
        if (NextTierProgress != nextTierProgress) NextTierProgress = nextTierProgress;
        MeasuredAt = at;
    }

    public static ProgramMembership Join(Guid programId, Guid partnerId, Guid tierId, DateTime at) =>
        new() { ProgramId = programId, PartnerId = partnerId, TierId = tierId, Since = at };

    public void MoveTo(Guid tierId, DateTime at)
    {
        (TierId, Since) = (tierId, at);
        ClearRisk();
    }

    /// <summary>Opens a grace period; false when one is open already (the first warning stands).</summary>
    public bool WarnOfDemotion(Guid toTierId, DateTime at, int graceDays)
    {
        if (AtRiskSince is not null)
        {
            AtRiskOfTierId = toTierId;
            return false;
        }
        (AtRiskOfTierId, AtRiskSince, GraceEndsAt) = (toTierId, at, at.AddDays(graceDays));
        return true;
    }

    public void ClearRisk() => (AtRiskOfTierId, AtRiskSince, GraceEndsAt) = (null, null, null);
}

/// <summary>A tier change, kept forever: from where to where, why, decided by whom, and the numbers behind it.</summary>
public sealed class TierChange : IPartnerOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ProgramId { get; init; }
    public Guid PartnerId { get; init; }
    public Guid? FromTierId { get; init; }
    public string? FromTier { get; init; }
    public Guid ToTierId { get; init; }
    public string ToTier { get; init; } = "";
    public DateTime At { get; init; }
    public string Reason { get; init; } = "";
    public string By { get; init; } = "";
    public RequirementResults Evidence { get; init; } = new();
}

public enum ProposalKind { Promotion, Demotion }
public enum ProposalStatus { Pending, Approved, Rejected, Superseded }

/// <summary>A promotion waiting for approval, with the numbers that caused it. One pending per partner and program.</summary>
public sealed class TierProposal : IPartnerOwned, IAudited, IVersioned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ProgramId { get; init; }
    public Guid PartnerId { get; init; }
    public Guid EvaluationId { get; init; }
    public ProposalKind Kind { get; init; }
    public Guid FromTierId { get; init; }
    public string FromTier { get; init; } = "";
    public Guid ToTierId { get; init; }
    public string ToTier { get; init; } = "";
    public ProposalStatus Status { get; private set; }
    public DateTime CreatedAt { get; init; }
    public DateTime? DecidedAt { get; private set; }
    public string? DecidedBy { get; private set; }
    public string? DecisionNote { get; private set; }
    public RequirementResults Evidence { get; init; } = new();

    /// <inheritdoc />
    public int Version { get; private set; }

    public string? Decide(bool approve, DateTime at, string by, string? note)
    {
        if (Status != ProposalStatus.Pending) return $"The proposal was {Status.ToString().ToLowerInvariant()} already.";
        (Status, DecidedAt, DecidedBy, DecisionNote) = (approve ? ProposalStatus.Approved : ProposalStatus.Rejected, at, by, note);
        return null;
    }

    public void Supersede(DateTime at) => (Status, DecidedAt, DecidedBy) = (ProposalStatus.Superseded, at, "Evaluation");
}

/// <summary>How a partner measured against one tier's requirements, as shown with a proposal or a change.</summary>
public sealed class RequirementResults
{
    public string Tier { get; set; } = "";
    public List<RequirementResult> Items { get; set; } = [];
}

/// <param name="Met">Whether <paramref name="Value"/> reaches <paramref name="Target"/>.</param>
public sealed record RequirementResult(Guid RequirementId, RequirementKind Kind, string Label, long Value, long Target, bool Required, bool Met);

/// <summary>One run of a program's evaluation: when, who asked, what it found.</summary>
public sealed class TierEvaluation
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ProgramId { get; init; }
    public DateTime StartedAt { get; init; }
    public DateTime? FinishedAt { get; set; }
    public string RequestedBy { get; init; } = "";
    public int Partners { get; set; }
    public int Promoted { get; set; }
    public int ProposedPromotions { get; set; }
    public int Warned { get; set; }
    public int Demoted { get; set; }
    public int Recovered { get; set; }
    public int Joined { get; set; }
}

internal sealed class MembershipConfiguration :
    IEntityTypeConfiguration<ProgramMembership>, IEntityTypeConfiguration<TierChange>, IEntityTypeConfiguration<TierProposal>, IEntityTypeConfiguration<TierEvaluation>
{
    public void Configure(EntityTypeBuilder<ProgramMembership> membership)
    {
        membership.ToTable("ProgramMemberships");
        membership.ReferencesPartner(m => m.PartnerId);
        membership.HasOne<PartnerProgram>().WithMany().HasForeignKey(m => m.ProgramId).OnDelete(DeleteBehavior.Cascade);
        membership.HasOne<Tier>().WithMany().HasForeignKey(m => m.TierId).OnDelete(DeleteBehavior.Restrict);
        membership.HasIndex(m => new { m.ProgramId, m.PartnerId }).IsUnique();
        membership.HasIndex(m => m.PartnerId);
    }

    public void Configure(EntityTypeBuilder<TierChange> change)
    {
        change.ToTable("TierChanges");
        change.ReferencesPartner(c => c.PartnerId);
        change.Property(c => c.FromTier).HasMaxLength(80);
        change.Property(c => c.ToTier).HasMaxLength(80);
        change.Property(c => c.Reason).HasMaxLength(1000);
        change.Property(c => c.By).HasMaxLength(200);
        change.Property(c => c.Evidence).HasJsonConversion();
        change.HasIndex(c => new { c.PartnerId, c.ProgramId, c.At });
    }

    public void Configure(EntityTypeBuilder<TierProposal> proposal)
    {
        proposal.ToTable("TierProposals");
        proposal.ReferencesPartner(p => p.PartnerId);
        proposal.Property(p => p.FromTier).HasMaxLength(80);
        proposal.Property(p => p.ToTier).HasMaxLength(80);
        proposal.Property(p => p.DecidedBy).HasMaxLength(200);
        proposal.Property(p => p.DecisionNote).HasMaxLength(1000);
        proposal.Property(p => p.Evidence).HasJsonConversion();
        // At most one proposal waits per partner and program, however many evaluations run at once.
        proposal.HasIndex(p => new { p.ProgramId, p.PartnerId }).IsUnique().HasFilter($"\"Status\" = {(int)ProposalStatus.Pending}");
        proposal.HasIndex(p => new { p.Status, p.CreatedAt });
    }

    public void Configure(EntityTypeBuilder<TierEvaluation> evaluation)
    {
        evaluation.ToTable("TierEvaluations");
        evaluation.Property(e => e.RequestedBy).HasMaxLength(200);
        evaluation.HasIndex(e => new { e.ProgramId, e.StartedAt });
    }
}
