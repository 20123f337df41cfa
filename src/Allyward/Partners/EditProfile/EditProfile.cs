using System.ComponentModel.DataAnnotations;
using Allyward.Customers;
using Allyward.Partners.Contracts;
using Allyward.Partners.SavePartner;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Allyward.Platform.Isolation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Partners.EditProfile;

/// <summary>
/// The part of a partner's profile the partner keeps itself: what it says about itself, where it is, what it does.
/// The name, type, region, size band, domain, owner and stage are the vendor's (<see cref="SavePartnerRequest"/>).
/// </summary>
public sealed record PartnerProfileRequest
{
    [MultiLineText, StringLength(PartnerLimits.Description, ErrorMessage = "The description is at most 2000 characters.")]
    public string? Description { get; init; }

    [StringLength(PartnerLimits.Website, ErrorMessage = "The website is at most 300 characters.")]
    public string? Website { get; init; }

    [StringLength(PartnerLimits.Street, ErrorMessage = "The street is at most 200 characters.")]
    public string? Street { get; init; }

    [StringLength(PartnerLimits.City, ErrorMessage = "The city is at most 100 characters.")]
    public string? City { get; init; }

    [StringLength(PartnerLimits.PostalCode, ErrorMessage = "The postal code is at most 20 characters.")]
    public string? PostalCode { get; init; }

    /// <summary>ISO 3166-1 alpha-2 code, such as US or DE.</summary>
    [Required(ErrorMessage = "Enter the country as its two-letter ISO code, such as US or DE.")]
    public string? Country { get; init; }

    public List<string>? Industries { get; init; }
    public List<string>? Specializations { get; init; }

    public static PartnerProfileRequest From(PartnerDto p) => new()
    {
        Description = p.Description, Website = p.Website, Street = p.Street, City = p.City, PostalCode = p.PostalCode,
        Country = p.Country, Industries = [.. p.Industries], Specializations = [.. p.Specializations],
    };
}

/// <summary>Partner admins edit their own organization's profile; vendor staff may edit any partner's the same way.</summary>
public sealed class EditProfileHandler(AllywardDbContext db, TimeProvider time, PartnerTimeline timeline, PartnerActivity activity, CurrentUser currentUser,
    Platform.Webhooks.WebhookPublisher webhooks)
{
    public async Task<Outcome<PartnerDto>> UpdateAsync(Guid partnerId, PartnerProfileRequest request, CancellationToken cancellationToken = default)
    {
        // Isolation already hides other partners; saying it here as well keeps the rule readable where it matters.
        if (currentUser.PartnerId is { } own && own != partnerId) return Outcome<PartnerDto>.NotFound("No such partner.");
        var partner = await db.Partners.SingleOrDefaultAsync(p => p.Id == partnerId, cancellationToken);
        if (partner is null) return Outcome<PartnerDto>.NotFound("No such partner.");

        var errors = Validate(request);
        if (errors.Any) return Outcome<PartnerDto>.Invalid(errors);
        if (partner.Stage == PartnerStage.Former) return Outcome<PartnerDto>.Conflict("A former partner is kept read-only.");

        var changed = Apply(partner, request);
        if (changed.Count == 0) return await PartnerQueries.GetAsync(db, partnerId, cancellationToken) is { } same ? same : Outcome<PartnerDto>.NotFound();
        partner.UpdatedAt = time.GetUtcNow().UtcDateTime;
        timeline.Record(partner.Id, "profile-updated", $"Profile updated{(currentUser.IsPartnerUser ? " by the partner" : "")}: {string.Join(", ", changed)}.");
        await webhooks.PublishAsync(PartnerWebhookEvents.ProfileUpdated,
            PartnerProfileEvent.Of(partner, changed, currentUser.IsPartnerUser, currentUser.Name, partner.UpdatedAt), cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<PartnerDto>.Conflict("Someone else changed this profile at the same moment. Reload and try again.");
        }
        await activity.ChangedAsync(partner.Id, cancellationToken);
        return await PartnerQueries.GetAsync(db, partner.Id, cancellationToken) is { } dto ? dto : Outcome<PartnerDto>.NotFound();
    }

    /// <summary>Writes the request into the partner and names what changed.</summary>
    private static List<string> Apply(Partner partner, PartnerProfileRequest request)
    {
        var changed = new List<string>();
        void Set<T>(string name, T current, T next, Action<T> set)
        {
            if (EqualityComparer<T>.Default.Equals(current, next)) return;
            set(next);
            changed.Add(name);
        }
        Set("description", partner.Description, Text(request.Description), v => partner.Description = v);
        Set("website", partner.Website, WebAddress.Normalize(request.Website), v => partner.Website = v);
        Set("street", partner.Street, Text(request.Street), v => partner.Street = v);
        Set("city", partner.City, Text(request.City), v => partner.City = v);
        Set("postal code", partner.PostalCode, Text(request.PostalCode), v => partner.PostalCode = v);
        Set("country", partner.Country, request.Country!.Trim().ToUpperInvariant(), v => partner.Country = v);
        var industries = Tags(request.Industries);
        if (!industries.SequenceEqual(partner.Industries))
        {
            partner.Industries = industries;
            changed.Add("industries");
        }
        var specializations = Tags(request.Specializations);
        if (!specializations.SequenceEqual(partner.Specializations))
        {
            partner.Specializations = specializations;
            changed.Add("specializations");
        }
        return changed;
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static List<string> Tags(List<string>? values) =>
        (values ?? []).Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static ValidationErrors Validate(PartnerProfileRequest request)
    {
        var errors = ValidationErrors.Of(request);
        if (request.Country is { } country && !Countries.IsCountryCode(country.Trim()))
        {
            errors.Add("country", "Use a two-letter ISO 3166 country code, such as US or DE.");
        }
        if (!string.IsNullOrWhiteSpace(request.Website) && WebAddress.Normalize(request.Website) is null) errors.Add("website", WebAddress.Refusal);
        CheckTags(errors, "industries", request.Industries);
        CheckTags(errors, "specializations", request.Specializations);
        return errors;
    }

    private static void CheckTags(ValidationErrors errors, string field, List<string>? values)
    {
        if (values is null) return;
        if (values.Count > PartnerLimits.Tags) errors.Add(field, $"At most {PartnerLimits.Tags} entries.");
        if (values.Any(v => v is null || v.Length > PartnerLimits.Tag)) errors.Add(field, $"Each entry is at most {PartnerLimits.Tag} characters.");
    }
}

public static class EditProfileEndpoints
{
    public static void Map(RouteGroupBuilder partner)
    {
        partner.MapPut("/profile", async (Guid partnerId, PartnerProfileRequest request, EditProfileHandler handler, CancellationToken ct) =>
                (await handler.UpdateAsync(partnerId, request, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(PartnerPermissions.ProfileEditors))
            .WithSummary("Update the profile a partner keeps itself: description, website, address, industries, specializations (partner admins: their own only)");

        partner.MapGet("/logo", async (Guid partnerId, PartnerLogo logos, HttpContext http, CancellationToken ct) =>
            {
                if (await logos.ReadAsync(partnerId, ct) is not { } logo) return (IResult)ApiResults.NotFound("This partner has no logo.");
                // Served as the image it was recognised as, never as something a browser would run, and never guessed at.
                http.Response.Headers.XContentTypeOptions = "nosniff";
                http.Response.Headers.CacheControl = "private, max-age=3600";
                return TypedResults.File(logo.Content, logo.ContentType);
            })
            .RequireAuthorization(Policies.AnyOf(PartnerPermissions.ViewAll, PartnerPermissions.ViewOwn))
            .ProducesFile("image/png", "image/jpeg", "image/webp")
            .WithSummary("The partner's logo image");

        partner.MapPut("/logo", async (Guid partnerId, IFormFile? file, PartnerLogo logos, CancellationToken ct) =>
                file is null
                    ? (IResult)ApiResults.Invalid(ValidationErrors.One("file", "Attach the image as the form field 'file'."))
                    : (await logos.SaveAsync(partnerId, file.FileName, file.OpenReadStream(), file.Length, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(PartnerPermissions.ProfileEditors))
            .Produces<PartnerDto>()
            .WithSummary($"Upload the partner's logo: a PNG, JPEG or WebP image of at most 1 MB (multipart form field 'file')");

        partner.MapDelete("/logo", async (Guid partnerId, PartnerLogo logos, CancellationToken ct) =>
                (await logos.RemoveAsync(partnerId, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(PartnerPermissions.ProfileEditors))
            .WithSummary("Remove the partner's logo");
    }

}
