using Allyward.Customers;
using Allyward.Deals.Conflicts;
using Allyward.Deals.RegisterDeal;
using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Allyward.Platform.Isolation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Deals.ListDeals;

/// <param name="Mine">Only deals of partners whose channel account manager is the caller.</param>
public sealed record DealFilter(DealStatus? Status = null, Guid? PartnerId = null, bool Mine = false);

/// <param name="Conflicts">For vendor staff, how many registrations conflict with a submitted deal; the deal's page lists them.</param>
public sealed record DealListItem(Guid Id, Guid PartnerId, string CustomerName, string CustomerCountry, long Amount, string Currency,
    DateOnly ExpectedCloseDate, DealStatus Status, DateTime SubmittedAt, DateTime? ProtectedUntil, string? PartnerName = null, int? Conflicts = null);

/// <summary>The deal list's query string: the list kit's paging, sort and search, and the deal filters.</summary>
public sealed record DealListQuery(DealStatus? Status, Guid? PartnerId, bool? Mine, int? Page, int? PageSize, string? Sort, string? Search)
{
    public DealFilter Filter => new(Status, PartnerId, Mine ?? false);
    public ListQuery List => new(Page, PageSize, Sort, Search);
}

/// <summary>Deals, newest first unless sorted otherwise, filtered and searched by customer; a partner sees only its own. Also as CSV.</summary>
public sealed class ListDealsHandler(AllywardDbContext db, ConflictFinder conflicts, CurrentUser currentUser)
{
    /// <summary>A deal with its partner's name, joined in the database (members, not a constructor, so EF can sort on them).</summary>
    private sealed record Row
    {
        public required Deal Deal { get; init; }
        public required string PartnerName { get; init; }
        public required Guid? PartnerOwnerId { get; init; }
    }

    private static readonly ListShape<Row, DealListItem> Shape = new ListShape<Row, DealListItem>(
            r => r.Deal.Id,
            r => new DealListItem(r.Deal.Id, r.Deal.PartnerId, r.Deal.CustomerName, r.Deal.CustomerCountry, r.Deal.AmountMinor, r.Deal.Currency,
                r.Deal.ExpectedCloseDate, r.Deal.Status, r.Deal.SubmittedAt, r.Deal.ProtectedUntil, r.PartnerName),
            defaultSort: "-submittedAt")
        .SortBy("submittedAt", r => r.Deal.SubmittedAt)
        .SortBy("customer", r => r.Deal.CustomerName)
        .SortBy("partner", r => r.PartnerName)
        .SortBy("amount", r => r.Deal.AmountMinor)
        .SortBy("status", r => r.Deal.Status)
        .SortBy("expectedClose", r => r.Deal.ExpectedCloseDate)
        .SortBy("protectedUntil", r => r.Deal.ProtectedUntil)
        .Column("id", d => d.Id.ToString())
        .Column("partner", d => d.PartnerName)
        .Column("customer", d => d.CustomerName)
        .Column("country", d => d.CustomerCountry)
        .Column("amount_minor", d => d.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Column("currency", d => d.Currency)
        .Column("expected_close", d => d.ExpectedCloseDate.ToString("yyyy-MM-dd"))
        .Column("status", d => d.Status.ToString())
        .Column("submitted_at", d => d.SubmittedAt.ToString("O"))
        .Column("protected_until", d => d.ProtectedUntil?.ToString("O"));

    /// <summary>A page of deals; for vendor staff each submitted deal carries its number of conflicts (one indexed search per row).</summary>
    public async Task<Outcome<Paged<DealListItem>>> ListAsync(DealFilter filter, ListQuery query, CancellationToken cancellationToken = default)
    {
        var outcome = await Shape.PageAsync(Rows(filter, query), query, cancellationToken);
        if (!outcome.Succeeded || currentUser.IsPartnerUser) return outcome;
        var page = outcome.Value!;
        var submitted = page.Items.Where(i => i.Status == DealStatus.Submitted).Select(i => i.Id).ToList();
        if (submitted.Count == 0) return outcome;
        var identities = await db.Deals.Where(d => submitted.Contains(d.Id))
            .Select(d => new { d.Id, d.CustomerDomain, d.NameKey }).ToDictionaryAsync(d => d.Id, d => new CustomerIdentity(d.CustomerDomain, d.NameKey), cancellationToken);
        var items = new List<DealListItem>(page.Items.Count);
        foreach (var item in page.Items)
        {
            items.Add(!identities.TryGetValue(item.Id, out var identity) ? item
                : item with { Conflicts = (await conflicts.FindAsync(identity, item.Id, cancellationToken)).Count });
        }
        return page with { Items = items };
    }

    public Task<Outcome<byte[]>> ExportCsvAsync(DealFilter filter, ListQuery query, CancellationToken cancellationToken = default) =>
        Shape.CsvAsync(Rows(filter, query), query, cancellationToken);

    private IQueryable<Row> Rows(DealFilter filter, ListQuery query)
    {
        var deals = db.Deals.AsNoTracking();
        if (filter.Status is { } status) deals = deals.Where(d => d.Status == status);
        if (filter.PartnerId is { } partnerId) deals = deals.Where(d => d.PartnerId == partnerId);
        var owner = filter.Mine ? currentUser.Id : null;
        if (query.SearchText is { } search)
        {
            var term = search.ToLower();
            deals = deals.Where(d => d.CustomerName.ToLower().Contains(term));
        }
        var rows = from d in deals
                   join p in db.PartnerSummaries on d.PartnerId equals p.Id
                   select new Row { Deal = d, PartnerName = p.Name, PartnerOwnerId = p.OwnerId };
        return filter.Mine ? rows.Where(r => r.PartnerOwnerId == owner) : rows;
    }
}

internal static class ListDealsEndpoints
{
    public static void Map(RouteGroupBuilder deals)
    {
        deals.MapGet("/", async ([AsParameters] DealListQuery q, ListDealsHandler handler, CancellationToken ct) =>
                (await handler.ListAsync(q.Filter, q.List, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(DealsModule.Viewers))
            .WithSummary("Deals, newest first unless sorted otherwise (a partner sees its own)");
        deals.MapGet("/export.csv", async ([AsParameters] DealListQuery q, ListDealsHandler handler, CancellationToken ct) =>
                (await handler.ExportCsvAsync(q.Filter, q.List, ct)).ToHttp(csv => TypedResults.File(csv, "text/csv; charset=utf-8", "deals.csv")))
            .RequireAuthorization(Policies.AnyOf(DealsModule.Viewers))
            .ProducesFile("text/csv")
            .WithSummary("The deals matching the filters, in the list's order, as CSV (cells that a spreadsheet would run as formulas are neutralised)");
    }
}
