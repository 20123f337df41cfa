using Allyward.Partners.Contracts;
using Allyward.Platform.Isolation;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Partners.ListPartners;

public sealed record PartnerFilter
{
    public string? Search { get; init; }
    public PartnerStage? Stage { get; init; }
    public PartnerType? Type { get; init; }
    public Region? Region { get; init; }
    public string? Country { get; init; }
    public Guid? OwnerId { get; init; }
    public string? Industry { get; init; }

    /// <summary><c>name</c>, <c>stage</c>, <c>type</c>, <c>country</c> or <c>createdAt</c>; a leading <c>-</c> sorts descending.</summary>
    public string? Sort { get; init; }

    public static readonly string[] SortKeys = ["name", "stage", "type", "country", "createdAt"];
}

/// <summary>Searches, filters, sorts and pages the partners the caller may see.</summary>
public sealed class ListPartnersHandler(AllywardDbContext db)
{
    public async Task<Outcome<Paged<PartnerListItem>>> HandleAsync(PartnerFilter filter, PageRequest pageRequest, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        pageRequest.Validate(errors);
        var sortKey = filter.Sort?.TrimStart('-');
        if (sortKey is not null && !PartnerFilter.SortKeys.Contains(sortKey, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add("sort", $"Sort by one of: {string.Join(", ", PartnerFilter.SortKeys)} (prefix '-' for descending).");
        }
        if (filter.Search is { Length: > 200 }) errors.Add("search", "The search text is at most 200 characters.");
        if (errors.Any) return Outcome<Paged<PartnerListItem>>.Invalid(errors);

        var partners = db.Partners.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim().ToLower();
            partners = partners.Where(p => p.Name.ToLower().Contains(term) || (p.Domain != null && p.Domain.Contains(term)));
        }
        if (filter.Stage is { } stage) partners = partners.Where(p => p.Stage == stage);
        if (filter.Type is { } type) partners = partners.Where(p => p.Type == type);
        if (filter.Region is { } region) partners = partners.Where(p => p.Region == region);
        if (!string.IsNullOrWhiteSpace(filter.Country)) partners = partners.Where(p => p.Country == filter.Country.ToUpperInvariant());
        if (filter.OwnerId is { } owner) partners = partners.Where(p => p.OwnerId == owner);
        if (!string.IsNullOrWhiteSpace(filter.Industry)) partners = partners.Where(p => p.Industries.Contains(filter.Industry));

        var descending = filter.Sort?.StartsWith('-') == true;
        partners = sortKey?.ToLowerInvariant() switch
        {
            "stage" => descending ? partners.OrderByDescending(p => p.Stage).ThenBy(p => p.Name) : partners.OrderBy(p => p.Stage).ThenBy(p => p.Name),
            "type" => descending ? partners.OrderByDescending(p => p.Type).ThenBy(p => p.Name) : partners.OrderBy(p => p.Type).ThenBy(p => p.Name),
            "country" => descending ? partners.OrderByDescending(p => p.Country).ThenBy(p => p.Name) : partners.OrderBy(p => p.Country).ThenBy(p => p.Name),
            "createdat" => descending ? partners.OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Id) : partners.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id),
            _ => descending ? partners.OrderByDescending(p => p.Name).ThenBy(p => p.Id) : partners.OrderBy(p => p.Name).ThenBy(p => p.Id),
        };

        var page = await partners
            .Select(p => new PartnerListItem(p.Id, p.Name, p.Type, p.Country, p.Region, p.SizeBand, p.Domain, p.Stage, p.OwnerId, null, p.CreatedAt))
            .ToPageAsync(pageRequest, cancellationToken);

        // Owners are vendor staff, outside a partner user's view of users, so their names come from a query of
        // their own: ignoring the user filter inside the partner query would switch off every filter in it.
        var ownerIds = page.Items.Select(p => p.OwnerId).OfType<Guid>().Distinct().ToList();
        var owners = await db.Users.AsSystem().Where(u => ownerIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.FullName, cancellationToken);
        return page with
        {
            Items = page.Items.Select(p => p with { OwnerName = p.OwnerId is { } id ? owners.GetValueOrDefault(id) : null }).ToList(),
        };
    }
}
