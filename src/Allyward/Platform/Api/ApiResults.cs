using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Allyward.Platform.Api;

public static class ApiResults
{
    public static IResult ToHttp<T>(this Outcome<T> outcome, Func<T, IResult> onSuccess) => outcome.Kind switch
    {
        OutcomeKind.Success => onSuccess(outcome.Value!),
        OutcomeKind.Invalid => TypedResults.ValidationProblem(outcome.Errors!.ToDictionary(), title: "The request has invalid fields."),
        OutcomeKind.NotFound => NotFound(outcome.Message),
        _ => TypedResults.Problem(title: "Conflict", detail: outcome.Message, statusCode: StatusCodes.Status409Conflict,
            extensions: outcome.Current is { } current ? new Dictionary<string, object?> { ["current"] = current } : null),
    };

    public static IResult ToHttp<T>(this Outcome<T> outcome) => outcome.ToHttp(value => TypedResults.Ok(value));

    public static ProblemHttpResult NotFound(string? detail = null) =>
        TypedResults.Problem(title: "Not found", detail: detail ?? "No such resource.", statusCode: StatusCodes.Status404NotFound);

    public static ValidationProblem Invalid(ValidationErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request has invalid fields.");
}
