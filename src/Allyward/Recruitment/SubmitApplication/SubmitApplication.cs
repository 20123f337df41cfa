using Allyward.Customers;
using Allyward.Platform.Isolation;
using System.ComponentModel.DataAnnotations;
using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Mail;
using Allyward.Platform.Outbox;
using Allyward.Recruitment.IdealProfile;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Recruitment.SubmitApplication;

/// <summary>The public application form, as a form post or a JSON request.</summary>
public sealed class ApplicationRequest
{
    [Required(ErrorMessage = "Enter the company name."), StringLength(ApplicationLimits.Name, ErrorMessage = "The company name is at most 200 characters.")]
    public string? CompanyName { get; set; }

    [StringLength(ApplicationLimits.Url, ErrorMessage = "The website is at most 300 characters.")]
    public string? Website { get; set; }

    [Required(ErrorMessage = "Enter the country.")]
    public string? Country { get; set; }

    [Required(ErrorMessage = "Choose the kind of partnership you want.")]
    public PartnerType? PartnerType { get; set; }

    [Required(ErrorMessage = "Choose your company's size.")]
    public SizeBand? SizeBand { get; set; }

    public List<string>? Industries { get; set; }
    public List<string>? Specializations { get; set; }

    [StringLength(ApplicationLimits.ShortText, ErrorMessage = "The customer focus is at most 1000 characters.")]
    [Allyward.Platform.Api.MultiLineText]
    public string? CustomerFocus { get; set; }

    [Required(ErrorMessage = "Enter your name."), StringLength(ApplicationLimits.Name, ErrorMessage = "The name is at most 200 characters.")]
    public string? ContactName { get; set; }

    [Required(ErrorMessage = "Enter your e-mail address."), EmailAddressRule,
     StringLength(256, ErrorMessage = "The e-mail address is at most 256 characters.")]
    public string? ContactEmail { get; set; }

    [StringLength(ApplicationLimits.LongText, ErrorMessage = "The motivation is at most 4000 characters.")]
    [Allyward.Platform.Api.MultiLineText]
    public string? Motivation { get; set; }

    /// <summary>Hidden in the form; people leave it empty, form-filling robots do not.</summary>
    public string? Nickname { get; set; }
}

public sealed record SubmittedApplication(Guid Id, ApplicationStatus Status, int FitScore);

/// <summary>Accepts an application, scores it, flags a possible duplicate and confirms receipt by e-mail.</summary>
public sealed class SubmitApplicationHandler(AllywardDbContext db, Outbox outbox, TimeProvider time, Platform.Branding.Brand brand)
{
    /// <returns>Null when the honeypot was filled: the caller answers as if accepted and nothing is stored.</returns>
    public async Task<Outcome<SubmittedApplication?>> HandleAsync(ApplicationRequest request, string? clientIp, CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrEmpty(request.Nickname)) return Outcome<SubmittedApplication?>.Success(null);

        var errors = Validate(request);
        if (errors.Any) return Outcome<SubmittedApplication?>.Invalid(errors);

        var country = request.Country!.Trim().ToUpperInvariant();
        var application = new PartnerApplication
        {
            CompanyName = request.CompanyName!.Trim(),
            Website = WebAddress.Normalize(request.Website),
            Domain = CompanyDomains.FromWebsite(request.Website) ?? CompanyDomains.FromEmail(request.ContactEmail),
            Country = country,
            Region = Countries.RegionOf(country) ?? Region.NorthAmerica,
            DesiredType = request.PartnerType!.Value,
            SizeBand = request.SizeBand!.Value,
            Industries = Tags(request.Industries),
            Specializations = Tags(request.Specializations),
            CustomerFocus = request.CustomerFocus?.Trim(),
            ContactName = request.ContactName!.Trim(),
            ContactEmail = request.ContactEmail!.Trim(),
            Motivation = request.Motivation?.Trim(),
            SubmittedAt = time.GetUtcNow().UtcDateTime,
            SubmittedFromIp = clientIp,
        };
        var fit = FitScoring.Score(application, await db.IdealProfileCriteria.AsNoTracking().ToListAsync(cancellationToken));
        application.FitScore = fit.Score;
        application.FitExplanation = fit.ExplanationJson();
        application.DuplicateReason = await DuplicateReasonAsync(application.Domain, cancellationToken);

        db.Applications.Add(application);
        var vendor = (await brand.CurrentAsync(cancellationToken)).VendorName;
        outbox.Enqueue(new EmailMessage(application.ContactEmail, $"We received your application to become a {vendor} partner",
            $"""
            Hello {application.ContactName},

            Thank you for applying, on behalf of {application.CompanyName}, to become a partner of {vendor}.
            Our channel team reviews every application and will write to you with its decision.
            """));
        await db.SaveChangesAsync(cancellationToken);
        return new SubmittedApplication(application.Id, application.Status, application.FitScore);
    }

    private async Task<string?> DuplicateReasonAsync(string? domain, CancellationToken cancellationToken)
    {
        if (domain is null) return null;
        // The applicant signs in as nobody; whether a partner already has the domain is a look across all of them.
        var partner = await db.PartnerSummaries.AsSystem().Where(p => p.Domain == domain).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken);
        if (partner is not null) return $"The domain {domain} belongs to the partner {partner}.";
        var open = await db.Applications.Where(a => a.Domain == domain && a.Status == ApplicationStatus.Submitted)
            .Select(a => a.CompanyName).FirstOrDefaultAsync(cancellationToken);
        return open is null ? null : $"An open application from {open} has the domain {domain}.";
    }

    private static ValidationErrors Validate(ApplicationRequest request)
    {
        var errors = ValidationErrors.Of(request);
        if (request.Country is { } country && !Countries.IsCountryCode(country.Trim()))
        {
            errors.Add("country", "Use a two-letter ISO 3166 country code, such as US or DE.");
        }
        if (!string.IsNullOrWhiteSpace(request.Website) && WebAddress.Normalize(request.Website) is null) errors.Add("website", WebAddress.Refusal);
        foreach (var (field, tags) in new[] { ("industries", request.Industries), ("specializations", request.Specializations) })
        {
            if (tags is null) continue;
            if (tags.Count > ApplicationLimits.Tags) errors.Add(field, $"At most {ApplicationLimits.Tags} entries.");
            if (tags.Any(t => t is null || t.Length > ApplicationLimits.Tag)) errors.Add(field, $"Each entry is at most {ApplicationLimits.Tag} characters.");
        }
        return errors;
    }

    private static List<string> Tags(List<string>? values) =>
        (values ?? []).Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}
