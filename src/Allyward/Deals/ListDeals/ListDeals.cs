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

public sealed record DealFilter(DealStatus? Status = null, string? Search = null, Guid? PartnerId = null);

public sealed record DealListItem(Guid Id, Guid PartnerId, string CustomerName, string CustomerCountry, long Amount, string Currency,
    DateOnly ExpectedCloseDate, DealStatus Status, DateTime SubmittedAt, DateTime? ProtectedUntil);

public sealed record DealListQuery(DealStatus? Status, string? Search, Guid? PartnerId, int? Page, int? PageSize);

/// <summary>Deals, newest first, filtered; a partner sees only its own. Also as CSV.</summary>
public sealed class ListDealsHandler(AllywardDbContext db)
{
    public async Task<Outcome<Paged<DealListItem>>> ListAsync(DealFilter filter, PageRequest page, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        page.Validate(errors);
        if (filter.Search is { Length: > 200 }) errors.Add("search", "The search text is at most 200 characters.");
        if (errors.Any) return Outcome<Paged<DealListItem>>.Invalid(errors);
        return await Query(filter).ToPageAsync(page, cancellationToken);
    }

    private IQueryable<DealListItem> Query(DealFilter filter)
    {
        var deals = db.Deals.AsNoTracking();
        if (filter.Status is { } status) deals = deals.Where(d => d.Status == status);
        if (filter.PartnerId is { } partnerId) deals = deals.Where(d => d.PartnerId == partnerId);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim().ToLower();
            deals = deals.Where(d => d.CustomerName.ToLower().Contains(term));
        }
        return deals.OrderByDescending(d => d.SubmittedAt).ThenBy(d => d.Id)
            .Select(d => new DealListItem(d.Id, d.PartnerId, d.CustomerName, d.CustomerCountry, d.AmountMinor, d.Currency, d.ExpectedCloseDate,
                d.Status, d.SubmittedAt, d.ProtectedUntil));
    }

    public async Task<byte[]> ExportCsvAsync(DealFilter filter, CancellationToken cancellationToken = default)
    {
        var deals = await Query(filter).ToListAsync(cancellationToken);
        var partners = await db.PartnerSummaries.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        return Platform.Csv.CsvWriter.Write(
            ["id", "partner", "customer", "country", "amount_minor", "currency", "expected_close", "status", "submitted_at", "protected_until"],
            deals.Select(d => new string?[]
            {
                d.Id.ToString(), partners.GetValueOrDefault(d.PartnerId), d.CustomerName, d.CustomerCountry, d.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                d.Currency, d.ExpectedCloseDate.ToString("yyyy-MM-dd"), d.Status.ToString(), d.SubmittedAt.ToString("O"), d.ProtectedUntil?.ToString("O"),
            }));
    }
}

internal static class ListDealsEndpoints
{
    public static void Map(RouteGroupBuilder deals)
    {
        deals.MapGet("/", async ([AsParameters] DealListQuery q, ListDealsHandler handler, CancellationToken ct) =>
                (await handler.ListAsync(new DealFilter(q.Status, q.Search, q.PartnerId), new PageRequest(q.Page ?? 1, q.PageSize ?? 25), ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(DealsModule.Viewers))
            .WithSummary("Deals, newest first (a partner sees its own)");
        deals.MapGet("/export.csv", async ([AsParameters] DealListQuery q, ListDealsHandler handler, CancellationToken ct) =>
                TypedResults.File(await handler.ExportCsvAsync(new DealFilter(q.Status, q.Search, q.PartnerId), ct), "text/csv; charset=utf-8", "deals.csv"))
            .RequireAuthorization(Policies.AnyOf(DealsModule.Viewers))
            .ProducesFile("text/csv")
            .WithSummary("The deals matching the filters as CSV (cells that a spreadsheet would run as formulas are neutralised)");
    }
}
