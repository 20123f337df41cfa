using Allyward.Platform.Accounts;
using Allyward.Platform.Isolation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Allyward.Platform.Hosting;

/// <summary>
/// Cross-site request protection for the API. A browser sends the session cookie with any request to the site, even
/// one another site makes it send (a form or a script on evil.example posting to <c>/api/v1/deals/{id}/approve</c>),
/// and the API takes no antiforgery token. So a cookie-authenticated unsafe API request (anything but GET, HEAD,
/// OPTIONS, TRACE) must come from a page of this site: its <c>Origin</c> header, or its <c>Referer</c> when a browser
/// sent no <c>Origin</c>, must be this site (the request's own scheme and host, or <c>Allyward:PublicUrl</c>). One with
/// neither header, or a foreign one, is refused with a 403 before anything runs. Calls with an API token
/// (<c>Authorization: Bearer</c>) carry no ambient credential and are unaffected; the site's own pages post forms with
/// Blazor's antiforgery token and act through their circuit, not through the API.
/// </summary>
internal static class CrossSiteRequests
{
    public static IApplicationBuilder UseCrossSiteRequestCheck(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (AllywardHost.IsApi(context) && CurrentUserMiddleware.IsUnsafe(request.Method) && !CurrentUserMiddleware.IsBearer(request)
                && context.User.Identity?.IsAuthenticated == true && !ComesFromThisSite(context))
            {
                await CurrentUserMiddleware.WriteProblemAsync(context, StatusCodes.Status403Forbidden, "Cross-site request refused",
                    "A request signed in by cookie must come from a page of this site (its Origin or Referer header). Integrations authenticate with an API token.");
                return;
            }
            await next(context);
        });

    private static bool ComesFromThisSite(HttpContext context)
    {
        var request = context.Request;
        var source = request.Headers.Origin.ToString();
        if (source.Length == 0) source = request.Headers.Referer.ToString();
        if (source.Length == 0 || !Uri.TryCreate(source, UriKind.Absolute, out var from)) return false;
        var origin = from.GetLeftPart(UriPartial.Authority);
        var own = $"{request.Scheme}://{request.Host}";
        if (string.Equals(origin, own, StringComparison.OrdinalIgnoreCase)) return true;
        var publicUrl = context.RequestServices.GetRequiredService<IOptions<AllywardOptions>>().Value.PublicUrl;
        return Uri.TryCreate(publicUrl, UriKind.Absolute, out var site)
               && string.Equals(origin, site.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);
    }
}
