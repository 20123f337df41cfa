using System.Text.Json;
using System.Text.RegularExpressions;
using Allyward.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Allyward.Platform.Api;

/// <summary>
/// Turns a request the framework could not bind (malformed JSON, an unknown enum value, a wrong type)
/// into a 400 <see cref="ProblemDetails"/> naming the field, and a save that lost a race (see
/// <see cref="Data.IVersioned"/>) into a 409; anything else is logged and answered with a plain 500 problem
/// that reveals nothing.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems, ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException)
        {
            // A use case that expects this answers with the current state itself; anywhere else, the same conflict in general words.
            context.Response.StatusCode = StatusCodes.Status409Conflict;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status409Conflict, Title = "Changed at the same moment",
                    Detail = "Someone else changed this at the same moment, so nothing was saved. Reload it and try again.",
                },
                Exception = exception,
            });
        }
        if (exception is Isolation.ReadOnlyAccessException)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Read-only access", Detail = exception.Message },
                Exception = exception,
            });
        }
        if (DatabaseUnavailable.Is(exception))
        {
            logger.LogWarning(exception, "The database could not be reached for {Method} {Path}; answered 503.", context.Request.Method, context.Request.Path);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = DatabaseUnavailable.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!Hosting.AllywardHost.IsApi(context))
            {
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("Allyward cannot reach its database at the moment. Try again in a few seconds.", cancellationToken);
                return true;
            }
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable, Title = "Temporarily unavailable",
                    Detail = "The database cannot be reached at the moment. Retry in a few seconds; send an Idempotency-Key to make a retried POST safe.",
                    Extensions = { ["retryAfterSeconds"] = DatabaseUnavailable.RetryAfterSeconds },
                },
                Exception = exception,
            });
        }
        if (exception is not BadHttpRequestException bad)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", context.Request.Method, context.Request.Path);
            return false;
        }

        var problem = new HttpValidationProblemDetails
        {
            Status = bad.StatusCode,
            Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request is too large." : "The request could not be read.",
        };
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            problem.Detail = "The body is larger than this endpoint accepts.";
            problem.Errors["body"] = [problem.Detail];
        }
        else if (MissingBody.IsMatch(bad.Message))
        {
            // No body, an empty one or the JSON literal null, where the endpoint needs its fields.
            problem = RequestBodyProblems.Missing();
        }
        else if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            problem = RequestBodyProblems.NotJson(context.Request.ContentType);
        }
        else if (FindJsonException(bad) is { } json)
        {
            // Text that is not valid Unicode and a value of the wrong type name their field; anything else means the body
            // is not JSON at all.
            var invalidText = ValidJsonText.IsInvalidText(json) && json.Path is { Length: > 1 };
            var wrongValue = invalidText || (json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
                                             && json.Path is { Length: > 1 });
            // A value of the wrong type at the top ("[]", "42") means the body is not the object the endpoint reads.
            var notAnObject = !invalidText && json.Path is "$" && json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal);
            var field = wrongValue ? json.Path!.TrimStart('$', '.') : "body";
            problem.Detail = invalidText ? $"The value of '{field}' is not valid text."
                : wrongValue ? $"The value of '{field}' has the wrong type or is not one of the allowed values." : "The body is not valid JSON.";
            problem.Errors[field] = [invalidText ? $"The value of '{field}' is not valid text: it has a character that is not valid Unicode (such as an unpaired surrogate)."
                : wrongValue ? $"The value of '{field}' is not valid."
                : notAnObject ? "The body must be a JSON object with the request's fields."
                : $"The body is not valid JSON ({json.Message.Split(". Path:")[0]})."];
            if (notAnObject) problem.Detail = "The body must be a JSON object with the request's fields.";
        }
        else if (BindFailure.Match(bad.Message) is { Success: true } failure)
        {
            var name = failure.Groups["name"].Value;
            var field = char.ToLowerInvariant(name[0]) + name[1..];
            var type = failure.Groups["type"].Value;
            var enumType = typeof(BadRequestExceptionHandler).Assembly.GetTypes().FirstOrDefault(t => t.IsEnum && t.Name == type);
            problem.Detail = $"The parameter '{field}' has an invalid value.";
            problem.Errors[field] = [enumType is null
                ? $"'{failure.Groups["value"].Value}' is not a valid {type}."
                : $"'{failure.Groups["value"].Value}' is not one of: {string.Join(", ", Enum.GetNames(enumType))}."];
        }
        else
        {
            problem.Detail = bad.Message;
        }
        context.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>What the framework says when an endpoint reads its request from a body that is absent, empty or <c>null</c>.</summary>
    private static readonly Regex MissingBody =
        new(@"^(Implicit body inferred for parameter|Required parameter "".*"" was not provided from body)", RegexOptions.Compiled);

    private static readonly Regex BindFailure =
        new(@"^Failed to bind parameter ""(?:Nullable<)?(?<type>[\w.]+)>? (?<name>\w+)"" from ""(?<value>.*)""\.$", RegexOptions.Compiled);

    private static JsonException? FindJsonException(Exception exception)
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is JsonException json) return json;
        }
        return null;
    }
}

/// <summary>The answers about a request body the endpoint cannot read at all, in one place for the exception handler and the status-code pages.</summary>
internal static class RequestBodyProblems
{
    public const string Title = "The request needs a JSON body.";

    public static HttpValidationProblemDetails Missing() => new()
    {
        Status = StatusCodes.Status400BadRequest,
        Title = Title,
        Detail = "Send the request's fields as a JSON object in the body, with 'Content-Type: application/json'.",
        Errors = { ["body"] = ["The request has no body; it needs a JSON object with the request's fields."] },
    };

    /// <summary>
    /// Refuses a body in a character set no decoder knows (<c>charset=no-such-charset</c>) before an endpoint tries to
    /// read it, which otherwise fails outside the framework's bad-request handling with a 500.
    /// </summary>
    public static IApplicationBuilder UseKnownCharsets(this IApplicationBuilder api) => api.Use(async (context, next) =>
    {
        if (context.Request.ContentType is { } type && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(type, out var media)
            && media.Charset.HasValue && media.Encoding is null)
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new HttpValidationProblemDetails
                {
                    Status = StatusCodes.Status415UnsupportedMediaType,
                    Title = Title,
                    Detail = "Send the body as JSON in UTF-8, with 'Content-Type: application/json'.",
                    Errors = { ["body"] = [$"The character set '{media.Charset}' is not one the API reads; send JSON in UTF-8."] },
                },
            });
            return;
        }
        await next(context);
    });

    public static HttpValidationProblemDetails NotJson(string? contentType) => new()
    {
        Status = StatusCodes.Status415UnsupportedMediaType,
        Title = Title,
        Detail = "Send the body as JSON, with 'Content-Type: application/json'.",
        Errors =
        {
            ["body"] = [string.IsNullOrEmpty(contentType)
                ? "The body has no content type; send it as JSON with 'Content-Type: application/json'."
                : $"The body must be JSON ('Content-Type: application/json'), not '{contentType}'."],
        },
    };
}

/// <summary>
/// A partner user who asks for something its role may not do is told it does not exist (404), the same
/// answer as for another partner's data, so neither API nor pages confirm what lies outside its organization.
/// </summary>
internal sealed class PartnerAwareAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        var isApi = Hosting.AllywardHost.IsApi(context);
        if (result.Forbidden && context.User.PartnerIdOf() is not null)
        {
            // Pages answer 404 with an empty body, which the status-code middleware renders as the not-found page.
            if (isApi) await WriteAsync(context, StatusCodes.Status404NotFound, "Not found", "No such resource.");
            else context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (isApi && result.Challenged)
        {
            await WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", "Sign in or send a valid API token as 'Authorization: Bearer <token>'.");
            return;
        }
        if (isApi && result.Forbidden)
        {
            await WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", "Your role does not allow this.");
            return;
        }
        await _default.HandleAsync(next, context, policy, result);
    }

    private Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}

/// <summary>
/// A failure to reach the database rather than a fault of the request: no connection, a connection the server closed
/// (a restart, a failover), too many connections, a busy or unreadable SQLite file. The API answers it with 503 and
/// <c>Retry-After</c>, never 500: the node recovers by itself once the database is back, since every request and
/// background loop opens its connections anew from the pool.
/// </summary>
internal static class DatabaseUnavailable
{
    public const int RetryAfterSeconds = 2;

    public static bool Is(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // Connection exceptions (08), the server shutting down or starting (57P), out of connections or memory (53).
                case Npgsql.PostgresException postgres:
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal)
                        || postgres.SqlState.StartsWith("53", StringComparison.Ordinal);
                // Npgsql's own failures: the server did not answer, the connection broke, a timeout.
                case Npgsql.NpgsqlException:
                    return true;
                // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN.
                case Microsoft.Data.Sqlite.SqliteException sqlite:
                    return sqlite.SqliteErrorCode is 5 or 6 or 10 or 13 or 14;
                case System.Net.Sockets.SocketException or TimeoutException:
                    return true;
            }
        }
        return false;
    }
}
