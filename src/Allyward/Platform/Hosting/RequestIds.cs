using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Allyward.Platform.Hosting;

/// <summary>
/// The id of a request: ASP.NET Core's <see cref="HttpContext.TraceIdentifier"/>, which its logs carry as
/// <c>RequestId</c> in every entry written while the request runs. It goes back to the client as <c>X-Request-Id</c> and
/// into the outbox messages the request queues, whose deliveries log it again.
/// </summary>
public static class RequestIds
{
    public const string Header = "X-Request-Id";

    public static string? Of(HttpContext? context) => context?.TraceIdentifier;

    public static IApplicationBuilder UseRequestIds(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.Headers[Header] = context.TraceIdentifier;
        return next(context);
    });
}
