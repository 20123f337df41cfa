using Microsoft.EntityFrameworkCore;

namespace Allyward.Platform.Api;

/// <summary>A page of a list. Every list in the API and the UI is paged.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount)
{
    public int TotalPages => PageSize == 0 ? 0 : (TotalCount + PageSize - 1) / PageSize;
}

public sealed record PageRequest(int Page = 1, int PageSize = PageRequest.DefaultPageSize)
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 200;

    /// <summary>The highest page number asked for: far past any real list, and small enough that its offset never overflows.</summary>
    public const int MaxPage = 1_000_000;

    public void Validate(ValidationErrors errors)
    {
        if (Page is < 1 or > MaxPage) errors.Add("page", $"The page number is 1 to {MaxPage:N0}.");
        if (PageSize is < 1 or > MaxPageSize) errors.Add("pageSize", $"The page size must be between 1 and {MaxPageSize}.");
    }
}

public static class PagingExtensions
{
    /// <summary>A page of a list worked out in memory (a handful of rows computed per request, such as a form's fields).</summary>
    public static Paged<T> ToPage<T>(this IReadOnlyList<T> items, PageRequest request) =>
        new([.. items.Skip((request.Page - 1) * request.PageSize).Take(request.PageSize)], request.Page, request.PageSize, items.Count);

    public static async Task<Paged<T>> ToPageAsync<T>(this IQueryable<T> query, PageRequest request, CancellationToken cancellationToken = default)
    {
        var total = await query.CountAsync(cancellationToken);
        var items = await query.Skip((request.Page - 1) * request.PageSize).Take(request.PageSize).ToListAsync(cancellationToken);
        return new Paged<T>(items, request.Page, request.PageSize, total);
    }
}
