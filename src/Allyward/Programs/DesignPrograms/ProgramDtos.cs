using Allyward.Partners.Contracts;

namespace Allyward.Programs.DesignPrograms;

public sealed record ProgramDto(
    Guid Id, string Name, string Description, string Currency, IReadOnlyList<PartnerType> PartnerTypes, int GraceDays,
    bool PromotionsNeedApproval, int EvaluationDay, DateTime? LastEvaluationStartedAt, IReadOnlyList<TierDto> Tiers, int Version);

public sealed record TierDto(Guid Id, string Name, string Description, int Rank, TierBenefits Benefits, IReadOnlyList<RequirementDto> Requirements,
    int OptionalNeeded, int Members, int Version);

public sealed record RequirementDto(Guid Id, RequirementKind Kind, string Label, long Target, int WindowMonths, Guid? CertificationId,
    string? AgreementTitle, Guid? KpiId, bool Required);

public sealed record ProgramListItem(Guid Id, string Name, string Currency, int Tiers, int Members, int AtRisk, int PendingProposals, DateTime? LastEvaluationStartedAt);

/// <summary>What a change of a tier's requirements would do, judged as the evaluation would judge it today.</summary>
public sealed record WhatIfResult(int Partners, int WouldMoveUp, int WouldMoveDown, IReadOnlyList<WhatIfMove> Changes);

/// <param name="UnderCurrentRules">The tier the partner qualifies for under today's rules.</param>
/// <param name="UnderNewRules">The tier it would qualify for under the proposed rules.</param>
public sealed record WhatIfMove(Guid PartnerId, string Partner, string CurrentTier, string UnderCurrentRules, string UnderNewRules, string Direction);

public sealed record RequirementChoices(IReadOnlyDictionary<Guid, string> Certifications, IReadOnlyDictionary<Guid, string> Kpis);
