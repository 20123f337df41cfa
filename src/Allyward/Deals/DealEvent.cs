namespace Allyward.Deals;

/// <summary>What a deal webhook carries.</summary>
public sealed record DealEvent(Guid Id, Guid PartnerId, Guid? DistributorId, string CustomerName, string? CustomerDomain, long Amount, string Currency,
    DateOnly ExpectedCloseDate, DealStatus Status, DateTime SubmittedAt, DateTime? ProtectedUntil)
{
    public static DealEvent Of(Deal d) =>
        new(d.Id, d.PartnerId, d.DistributorId, d.CustomerName, d.CustomerDomain, d.AmountMinor, d.Currency, d.ExpectedCloseDate, d.Status, d.SubmittedAt, d.ProtectedUntil);
}
