using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Allyward.Platform.Isolation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Partners.ListPartners;

public sealed record PartnerFilter
{
    public PartnerStage? Stage { get; init; }
    public PartnerType? Type { get; init; }
    public Region? Region { get; init; }
    public string? Country { get; init; }
    public Guid? OwnerId { get; init; }
    public string? Industry { get; init; }
}

/// <summary>The partner list's query string: the list kit's paging, sort and search (name or domain), and the partner filters.</summary>
public sealed record PartnerListQuery(
    PartnerStage? Stage, PartnerType? Type, Region? Region, string? Country, Guid? OwnerId, string? Industry,
    int? Page, int? PageSize, string? Sort, string? Search)
{
    public PartnerFilter Filter => new() { Stage = Stage, Type = Type, Region = Region, Country = Country, OwnerId = OwnerId, Industry = Industry };
    public ListQuery List => new(Page, PageSize, Sort, Search);
}

/// <summary>Searches, filters, sorts, pages and exports the partners the caller may see.</summary>
public sealed class ListPartnersHandler(AllywardDbContext db)
{
    private static readonly ListShape<Partner, PartnerListItem> Shape = new ListShape<Partner, PartnerListItem>(
            p => p.Id,
            p => new PartnerListItem(p.Id, p.Name, p.Type, p.Country, p.Region, p.SizeBand, p.Domain, p.Stage, p.OwnerId, null, p.CreatedAt),
            defaultSort: "name")
        .SortBy("name", p => p.Name)
        .SortBy("stage", p => p.Stage)
        .SortBy("type", p => p.Type)
        .SortBy("country", p => p.Country)
        .SortBy("createdAt", p => p.CreatedAt)
        .Column("id", p => p.Id.ToString())
        .Column("name", p => p.Name)
        .Column("type", p => Labels.Of(p.Type))
        .Column("stage", p => p.Stage.ToString())
        .Column("country", p => p.Country)
        .Column("region", p => Labels.Of(p.Region))
        .Column("size", p => Labels.Of(p.SizeBand))
        .Column("domain", p => p.Domain)
        .Column("account_manager", p => p.OwnerName)
        .Column("partner_since", p => p.CreatedAt.ToString("yyyy-MM-dd"));

    public Task<Outcome<Paged<PartnerListItem>>> ListAsync(PartnerFilter filter, ListQuery query, CancellationToken cancellationToken = default) =>
        Shape.PageAsync(Rows(filter, query), query, cancellationToken, WithOwnerNamesAsync);

    public Task<Outcome<byte[]>> ExportCsvAsync(PartnerFilter filter, ListQuery query, CancellationToken cancellationToken = default) =>
        Shape.CsvAsync(Rows(filter, query), query, cancellationToken, WithOwnerNamesAsync);

    private IQueryable<Partner> Rows(PartnerFilter filter, ListQuery query)
    {
        var partners = db.Partners.AsNoTracking();
        if (query.SearchText is { } search)
        {
            var term = search.ToLower();
            partners = partners.Where(p => p.Name.ToLower().Contains(term) || (p.Domain != null && p.Domain.Contains(term)));
        }
        if (filter.Stage is { } stage) partners = partners.Where(p => p.Stage == stage);
        if (filter.Type is { } type) partners = partners.Where(p => p.Type == type);
        if (filter.Region is { } region) partners = partners.Where(p => p.Region == region);
        if (!string.IsNullOrWhiteSpace(filter.Country)) partners = partners.Where(p => p.Country == filter.Country.ToUpperInvariant());
        if (filter.OwnerId is { } owner) partners = partners.Where(p => p.OwnerId == owner);
        if (!string.IsNullOrWhiteSpace(filter.Industry)) partners = partners.Where(p => p.Industries.Contains(filter.Industry));
        return partners;
    }

    /// <summary>
    /// Owners are vendor staff, outside a partner user's view of users, so their names come from a query of their own:
    /// ignoring the user filter inside the partner query would switch off every filter in it.
    /// </summary>
    private async Task<IReadOnlyList<PartnerListItem>> WithOwnerNamesAsync(IReadOnlyList<PartnerListItem> items)
    {
        var ownerIds = items.Select(p => p.OwnerId).OfType<Guid>().Distinct().ToList();
        var owners = await db.Users.AsSystem().Where(u => ownerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName);
        return [.. items.Select(p => p with { OwnerName = p.OwnerId is { } id ? owners.GetValueOrDefault(id) : null })];
    }
}

internal static class ListPartnersEndpoints
{
    public static void Map(RouteGroupBuilder partners, string[] viewers)
    {
        partners.MapGet("/", async ([AsParameters] PartnerListQuery query, ListPartnersHandler handler, CancellationToken ct) =>
                (await handler.ListAsync(query.Filter, query.List, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(viewers))
            .WithSummary("List partners (a partner user sees only its own organization)");
        partners.MapGet("/export.csv", async ([AsParameters] PartnerListQuery query, ListPartnersHandler handler, CancellationToken ct) =>
                (await handler.ExportCsvAsync(query.Filter, query.List, ct)).ToHttp(csv => TypedResults.File(csv, "text/csv; charset=utf-8", "partners.csv")))
            .RequireAuthorization(PartnerPermissions.ViewAll)
            .ProducesFile("text/csv")
            .WithSummary("The partners matching the filters, in the list's order, as CSV (cells that a spreadsheet would run as formulas are neutralised)");
    }
}
