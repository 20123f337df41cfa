using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Allyward.Platform.Hosting;

/// <summary>
/// Response headers that limit what a browser does with the site's answers, set on every response (pages, API answers,
/// error pages and files), so that text that slips into a page still cannot run script, and no other site can frame one.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>
    /// Pages run only the site's own script files: blazor.web.js (whose circuit is a WebSocket or fetch to the site
    /// itself) and MudBlazor's script. MudBlazor writes inline styles, hence style-src 'unsafe-inline'; images may come
    /// from https as well, which runs nothing. No plugins, no other base URL, forms post only to the site, and no framing.
    /// Pages may frame the site's own documents and the privacy-enhanced YouTube and Vimeo players (course videos), and
    /// play video from https.
    /// </summary>
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; font-src 'self' data:; " +
        "media-src 'self' https:; frame-src 'self' https://www.youtube-nocookie.com https://player.vimeo.com; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>A document the site's own pages show in a frame (a course's PDF): framed by this site only.</summary>
    public const string FramableBySitePolicy = "default-src 'none'; object-src 'none'; frame-ancestors 'self'";

    /// <summary>
    /// The API reference page (Scalar) starts itself with an inline module script; it shows the OpenAPI document only,
    /// no stored data, and loads nothing from elsewhere.
    /// </summary>
    public const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string ApiReferencePath = "/api/reference";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // Set as the answer starts, so an error handler that clears the headers does not remove these.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var framable = context.GetEndpoint()?.Metadata.GetMetadata<FramableBySiteAttribute>() is not null;
            headers.ContentSecurityPolicy = framable ? FramableBySitePolicy : context.Request.Path.StartsWithSegments(ApiReferencePath) ? ApiReferencePolicy : PagePolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = framable ? "SAMEORIGIN" : "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            return Task.CompletedTask;
        });
        return next(context);
    });
}

/// <summary>Marks an endpoint whose answers the site's own pages may show in a frame (a document shown inside a lesson).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class FramableBySiteAttribute : Attribute;
