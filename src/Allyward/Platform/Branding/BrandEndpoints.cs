using Allyward.Platform.Api;
using Allyward.Platform.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Allyward.Platform.Branding;

internal static class BrandEndpoints
{
    public static void MapBranding(this IEndpointRouteBuilder api)
    {
        var branding = api.MapGroup("/branding").WithTags("Branding").RequireAuthorization(PlatformPermissions.ManageBranding);
        branding.MapGet("/", async (Brand brand, CancellationToken ct) => TypedResults.Ok(await brand.CurrentAsync(ct)))
            .WithSummary("The vendor's brand: name, portal title, colour, logo, mail sender, footer and page texts");
        branding.MapPut("/", async (BrandRequest request, Brand brand, CancellationToken ct) => (await brand.UpdateAsync(request, ct)).ToHttp())
            .WithSummary("Change the brand; the portal, public pages and e-mails wear it at once");
        branding.MapPost("/logo", async (IFormFile? file, Brand brand, CancellationToken ct) =>
                file is null
                    ? (IResult)ApiResults.Invalid(ValidationErrors.One("logo", "Attach the logo as the form field 'file'."))
                    : (await brand.SetLogoAsync(file.FileName, file.OpenReadStream(), ct)).ToHttp())
            .Produces<BrandDto>()
            .WithSummary("Upload the logo (multipart form field 'file'; PNG or JPEG, at most 512 KB)");
    }

    /// <summary>The logo, for every page including the public ones; it names nothing but the vendor.</summary>
    public static void MapBrandLogo(this IEndpointRouteBuilder app) =>
        app.MapGet(Brand.LogoPath, async (Brand brand, HttpContext http, CancellationToken ct) =>
            {
                if (await brand.LogoAsync(ct) is not { } logo) return Results.NotFound();
                http.Response.Headers.CacheControl = "public, max-age=300";
                return Results.File(logo.Content, logo.ContentType);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();

}
