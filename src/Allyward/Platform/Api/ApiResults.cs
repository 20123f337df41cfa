using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Allyward.Platform.Api;

public static class ApiResults
{
    /// <summary>The outcome as HTTP. The typed result makes the success type and the 400 part of the endpoint's
    /// OpenAPI metadata (Results&lt;…&gt; implements IEndpointMetadataProvider), so the document cannot drift from the code.</summary>
    public static Results<TSuccess, ValidationProblem, ProblemHttpResult> ToHttp<T, TSuccess>(this Outcome<T> outcome, Func<T, TSuccess> onSuccess)
        where TSuccess : IResult => outcome.Kind switch
    {
        OutcomeKind.Success => onSuccess(outcome.Value!),
        OutcomeKind.Invalid => Invalid(outcome.Errors!),
        OutcomeKind.NotFound => NotFound(outcome.Message),
        OutcomeKind.TooMany => TooMany(outcome.Message, outcome.RetryAfter),
        _ => Conflict(outcome.Message, outcome.Current),
    };

    public static Results<Ok<T>, ValidationProblem, ProblemHttpResult> ToHttp<T>(this Outcome<T> outcome) =>
        outcome.ToHttp(value => TypedResults.Ok(value));

    /// <summary>For a success that is one of several results (e.g. Accepted or Created); document it with .Produces&lt;T&gt;().</summary>
    public static IResult ToHttp<T>(this Outcome<T> outcome, Func<T, IResult> onSuccess) => outcome.Kind switch
    {
        OutcomeKind.Success => onSuccess(outcome.Value!),
        OutcomeKind.Invalid => Invalid(outcome.Errors!),
        OutcomeKind.NotFound => NotFound(outcome.Message),
        OutcomeKind.TooMany => TooMany(outcome.Message, outcome.RetryAfter),
        _ => Conflict(outcome.Message, outcome.Current),
    };

    public static Results<Ok<T>, ProblemHttpResult> OkOrNotFound<T>(T? value, string detail) where T : class =>
        value is null ? NotFound(detail) : TypedResults.Ok(value);

    public static ProblemHttpResult NotFound(string? detail = null) =>
        TypedResults.Problem(title: "Not found", detail: detail ?? "No such resource.", statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult Conflict(string? detail, object? current = null) =>
        TypedResults.Problem(title: "Conflict", detail: detail, statusCode: StatusCodes.Status409Conflict,
            extensions: current is { } c ? new Dictionary<string, object?> { ["current"] = c } : null);

    /// <summary>429 with the wait in whole seconds, as <c>retryAfterSeconds</c> and (see <see cref="RetryAfterHeader"/>) the <c>Retry-After</c> header.</summary>
    public static ProblemHttpResult TooMany(string? detail, TimeSpan? retryAfter) =>
        TypedResults.Problem(title: "Too many requests", detail: detail, statusCode: StatusCodes.Status429TooManyRequests,
            extensions: new Dictionary<string, object?> { [RetryAfterSeconds] = (int)Math.Ceiling((retryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds) });

    private const string RetryAfterSeconds = "retryAfterSeconds";

    /// <summary>Problem details customization: a problem that says how long to wait also says it in the <c>Retry-After</c> header.</summary>
    public static void RetryAfterHeader(ProblemDetailsContext context)
    {
        if (context.ProblemDetails.Extensions.TryGetValue(RetryAfterSeconds, out var seconds) && seconds is int wait)
        {
            context.HttpContext.Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public static ValidationProblem Invalid(ValidationErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request has invalid fields.");
}
