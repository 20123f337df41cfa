using Allyward.Platform.Modules;

namespace Allyward.Deals;

/// <summary>The deal events integrations can subscribe to; each carries the deal as <see cref="DealEvent"/>.</summary>
public static class DealWebhookEvents
{
    public const string Submitted = "deal.submitted";
    public const string Approved = "deal.approved";
    public const string Rejected = "deal.rejected";
    public const string Expired = "deal.expired";
    public const string Extended = "deal.extended";
    public const string Won = "deal.won";
    public const string Lost = "deal.lost";
    public const string DistributorChanged = "deal.distributor-changed";

    public static readonly WebhookEventType[] All =
    [
        new(Submitted, "A partner registered a deal."),
        new(Approved, "A deal was approved and is protected."),
        new(Rejected, "A deal was rejected."),
        new(Expired, "A deal's protection ended without a result."),
        new(Extended, "A deal's protection was extended."),
        new(Won, "A deal was won."),
        new(Lost, "A deal was lost."),
        new(DistributorChanged, "A deal's distributor was attached, changed or removed."),
    ];
}
