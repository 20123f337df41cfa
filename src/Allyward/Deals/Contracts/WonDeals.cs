using Allyward.Platform.Data;

namespace Allyward.Deals.Contracts;

/// <summary>A won deal as other modules count it: who won it, what for, on which day, and which customer.</summary>
/// <param name="CustomerKey">The customer's corporate domain, or its normalized name when it has none.</param>
public sealed record WonDeal(Guid PartnerId, long AmountMinor, string Currency, DateOnly ClosedOn, string CustomerKey);

/// <summary>Won deals for programs and plans: a query that composes with the caller's (grouping runs in the database).</summary>
public static class WonDeals
{
    /// <summary>Every won deal; isolation applies as for the caller. Deals won before the close day was kept count on their expected close date.</summary>
    public static IQueryable<WonDeal> Query(AllywardDbContext db) =>
        db.Deals.Where(d => d.Status == DealStatus.Won)
            .Select(d => new WonDeal(d.PartnerId, d.AmountMinor, d.Currency, d.ClosedOn ?? d.ExpectedCloseDate, d.CustomerDomain ?? d.NameKey));
}
