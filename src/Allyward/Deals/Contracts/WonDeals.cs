using Allyward.Platform.Data;

namespace Allyward.Deals.Contracts;

/// <summary>A won deal as other modules count it: who won it, what for, on which day, and which customer.</summary>
public sealed class WonDeal
{
    public Guid PartnerId { get; init; }
    public long AmountMinor { get; init; }
    public string Currency { get; init; } = "";
    public DateOnly ClosedOn { get; init; }

    /// <summary>The customer's corporate domain, or its normalized name when it has none.</summary>
    public string CustomerKey { get; init; } = "";
}

/// <summary>Won deals for programs and plans: a query that composes with the caller's (filters and grouping run in the database).</summary>
public static class WonDeals
{
    /// <summary>Every won deal; isolation applies as for the caller. Deals won before the close day was kept count on their expected close date.</summary>
    public static IQueryable<WonDeal> Query(AllywardDbContext db) =>
        db.Deals.Where(d => d.Status == DealStatus.Won).Select(d => new WonDeal
        {
            PartnerId = d.PartnerId, AmountMinor = d.AmountMinor, Currency = d.Currency, ClosedOn = d.ClosedOn ?? d.ExpectedCloseDate,
            CustomerKey = d.CustomerDomain ?? d.NameKey,
        });
}
