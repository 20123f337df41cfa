using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Platform.Api;

/// <summary>
/// The query every list takes: which page, how many rows, the order (<c>sort=name</c>, <c>sort=-amount</c> for
/// descending) and a search text. Filters beyond these belong to each list.
/// </summary>
public sealed record ListQuery(int? Page, int? PageSize, string? Sort, string? Search)
{
    public PageRequest Paging => new(Page ?? 1, PageSize ?? PageRequest.DefaultPageSize);

    /// <summary>The search text, trimmed; null when there is none.</summary>
    public string? SearchText => string.IsNullOrWhiteSpace(Search) ? null : Search.Trim();
}

/// <summary>
/// What one list allows: the orders it can be sorted by (each a key on the entity, applied in the database before the
/// projection, with the id as the tiebreaker so pages never overlap) and its CSV columns. Declared once per list and
/// shared by its endpoint, its CSV export and its console table.
/// </summary>
public sealed class ListShape<TEntity, TItem>(Expression<Func<TEntity, Guid>> id, Expression<Func<TEntity, TItem>> projection, string defaultSort)
{
    public const int MaxSearchLength = 200;

    /// <summary>The most rows one CSV export carries.</summary>
    public const int MaxExportRows = 100_000;

    private readonly Dictionary<string, Func<IQueryable<TEntity>, bool, IOrderedQueryable<TEntity>>> _sorts = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Header, Func<TItem, string?> Cell)> _columns = [];

    public IReadOnlyCollection<string> SortKeys => _sorts.Keys;

    public ListShape<TEntity, TItem> SortBy<TKey>(string name, Expression<Func<TEntity, TKey>> key)
    {
        _sorts[name] = (query, descending) => descending
            ? query.OrderByDescending(key).ThenByDescending(id)
            : query.OrderBy(key).ThenBy(id);
        return this;
    }

    public ListShape<TEntity, TItem> Column(string header, Func<TItem, string?> cell)
    {
        _columns.Add((header, cell));
        return this;
    }

    /// <summary>Field errors for the paging, sort and search of <paramref name="query"/>.</summary>
    public ValidationErrors Validate(ListQuery query)
    {
        var errors = new ValidationErrors();
        query.Paging.Validate(errors);
        if (query.Sort is { } sort && !_sorts.ContainsKey(sort.Trim().TrimStart('-')))
        {
            errors.Add("sort", $"Sort by one of: {string.Join(", ", _sorts.Keys)} (prefix '-' for descending).");
        }
        if (query.Search is { Length: > MaxSearchLength }) errors.Add("search", $"The search text is at most {MaxSearchLength} characters.");
        // The search boxes of the console call this too: a control character (NUL, which PostgreSQL text cannot hold) is refused here.
        else if (query.Search?.Any(char.IsControl) == true) errors.Add("search", "The search text cannot contain control characters.");
        return errors;
    }

    /// <summary>
    /// One page of the filtered <paramref name="rows"/>, in the order asked for. <paramref name="complete"/> may fill in
    /// what the row query cannot join (names of people another filter hides), for the page's rows only.
    /// </summary>
    public async Task<Outcome<Paged<TItem>>> PageAsync(IQueryable<TEntity> rows, ListQuery query, CancellationToken cancellationToken,
        Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TItem>>>? complete = null)
    {
        if (Validate(query) is { Any: true } errors) return Outcome<Paged<TItem>>.Invalid(errors);
        var page = await Order(rows, query.Sort).Select(projection).ToPageAsync(query.Paging, cancellationToken);
        return complete is null ? page : page with { Items = await complete(page.Items) };
    }

    /// <summary>Every filtered row (up to <see cref="MaxExportRows"/>) as CSV, in the order asked for; paging is ignored.</summary>
    public async Task<Outcome<byte[]>> CsvAsync(IQueryable<TEntity> rows, ListQuery query, CancellationToken cancellationToken,
        Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TItem>>>? complete = null)
    {
        if (Validate(query with { Page = null, PageSize = null }) is { Any: true } errors) return Outcome<byte[]>.Invalid(errors);
        IReadOnlyList<TItem> items = await Order(rows, query.Sort).Select(projection).Take(MaxExportRows).ToListAsync(cancellationToken);
        if (complete is not null) items = await complete(items);
        return Csv.CsvWriter.Write(_columns.Select(c => c.Header), items.Select(item => _columns.Select(c => c.Cell(item))));
    }

    private IQueryable<TEntity> Order(IQueryable<TEntity> rows, string? sort)
    {
        var key = sort?.Trim();
        var descending = key?.StartsWith('-') == true;
        key = key?.TrimStart('-');
        if (string.IsNullOrEmpty(key))
        {
            descending = defaultSort.StartsWith('-');
            key = defaultSort.TrimStart('-');
        }
        return _sorts[key](rows, descending);
    }
}

public static class SmallLists
{
    /// <summary>A page of a small list worked out in memory, in its own fixed order; the paging is checked as for any list.</summary>
    public static Outcome<Paged<T>> ToPage<T>(this IReadOnlyList<T> items, ListQuery query)
    {
        var errors = new ValidationErrors();
        query.Paging.Validate(errors);
        if (query.Sort is not null) errors.Add("sort", "This list has a fixed order.");
        if (query.Search is { Length: > ListShape<object, object>.MaxSearchLength }) errors.Add("search", $"The search text is at most {ListShape<object, object>.MaxSearchLength} characters.");
        return errors.Any ? Outcome<Paged<T>>.Invalid(errors) : items.ToPage(query.Paging);
    }
}

/// <summary>A list's paging, sort and search as query-string parameters of an endpoint (<c>[AsParameters]</c>).</summary>
public sealed record ListQueryParameters(int? Page, int? PageSize, string? Sort, string? Search)
{
    public ListQuery List => new(Page, PageSize, Sort, Search);
}
