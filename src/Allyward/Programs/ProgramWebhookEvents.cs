using Allyward.Platform.Modules;

namespace Allyward.Programs;

/// <summary>The program events integrations can subscribe to.</summary>
public static class ProgramWebhookEvents
{
    public const string TierChanged = "partner.tier_changed";
    public const string TierAtRisk = "partner.tier_at_risk";

    public static readonly WebhookEventType[] All =
    [
        new(TierChanged, "A partner moved to another tier of a program (promotion, demotion, joining or a manual change)."),
        new(TierAtRisk, "A partner no longer meets its tier and its grace period began."),
    ];
}

/// <summary>A partner's tier change, as webhooks carry it.</summary>
public sealed record TierChangedEvent(Guid PartnerId, string Partner, Guid ProgramId, string Program, string? FromTier, string ToTier, string Reason, DateTime At);

/// <summary>A warning that a partner will be demoted when its grace period ends.</summary>
public sealed record TierAtRiskEvent(Guid PartnerId, string Partner, Guid ProgramId, string Program, string Tier, string WouldBecome, DateTime GraceEndsAt);
