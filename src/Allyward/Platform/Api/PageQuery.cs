using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Allyward.Platform.Api;

/// <summary>The <c>page</c> and <c>pageSize</c> query parameters of a list endpoint.</summary>
public sealed record PageQuery(int? Page, int? PageSize)
{
    public PageRequest ToRequest() => new(Page ?? 1, PageSize ?? PageRequest.DefaultPageSize);

    /// <summary>Answers 400 for bad paging, otherwise the page the list produces (or its 404).</summary>
    public async Task<Results<Ok<Paged<T>>, ValidationProblem, ProblemHttpResult>> ToHttpAsync<T>(Func<PageRequest, Task<Outcome<Paged<T>>>> list) =>
        Validate() is { Any: true } errors ? ApiResults.Invalid(errors) : (await list(ToRequest())).ToHttp();

    public Task<Results<Ok<Paged<T>>, ValidationProblem, ProblemHttpResult>> ToHttpAsync<T>(Func<PageRequest, Task<Paged<T>>> list) =>
        ToHttpAsync<T>(async page => Outcome<Paged<T>>.Success(await list(page)));

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        ToRequest().Validate(errors);
        return errors;
    }
}
