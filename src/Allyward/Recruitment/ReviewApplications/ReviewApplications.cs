using System.ComponentModel.DataAnnotations;
using Allyward.Partners.Contracts;
using Allyward.Platform.Accounts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Allyward.Platform.Isolation;
using Allyward.Platform.Mail;
using Allyward.Platform.Outbox;
using Allyward.Recruitment.IdealProfile;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Recruitment.ReviewApplications;

public sealed record ApplicationFilter(ApplicationStatus? Status = ApplicationStatus.Submitted, bool? DuplicatesOnly = null, int? MinScore = null);

public sealed record ApplicationListItem(Guid Id, string CompanyName, string? Domain, string Country, PartnerType DesiredType,
    SizeBand SizeBand, ApplicationStatus Status, int FitScore, string? DuplicateReason, DateTime SubmittedAt);

public sealed record ApplicationDto(
    Guid Id, string CompanyName, string? Website, string? Domain, string Country, Region Region, PartnerType DesiredType, SizeBand SizeBand,
    IReadOnlyList<string> Industries, IReadOnlyList<string> Specializations, string? CustomerFocus, string ContactName, string ContactEmail,
    string? Motivation, ApplicationStatus Status, int FitScore, IReadOnlyList<CriterionResult> Explanation, string? DuplicateReason,
    DateTime SubmittedAt, DateTime? DecidedAt, string? DecidedByName, string? DecisionReason, Guid? PartnerId);

public sealed record DecisionRequest
{
    [StringLength(ApplicationLimits.ShortText, ErrorMessage = "The reason is at most 1000 characters.")]
    [Allyward.Platform.Api.MultiLineText]
    public string? Reason { get; init; }
}

/// <summary>The review queue: list, read, approve (which creates the partner and invites its admin) and reject.</summary>
public sealed class ReviewApplicationsHandler(
    AllywardDbContext db, UserAccounts accounts, Outbox outbox, PartnerTimeline timeline, CurrentUser currentUser, TimeProvider time,
    PartnerActivity activity, PartnerStages stages)
{
    private static readonly ListShape<PartnerApplication, ApplicationListItem> Shape = new ListShape<PartnerApplication, ApplicationListItem>(
            a => a.Id,
            a => new ApplicationListItem(a.Id, a.CompanyName, a.Domain, a.Country, a.DesiredType, a.SizeBand, a.Status, a.FitScore, a.DuplicateReason, a.SubmittedAt),
            defaultSort: "-fitScore")
        .SortBy("fitScore", a => a.FitScore)
        .SortBy("submittedAt", a => a.SubmittedAt)
        .SortBy("company", a => a.CompanyName)
        .SortBy("country", a => a.Country)
        .SortBy("status", a => a.Status)
        .Column("id", a => a.Id.ToString())
        .Column("company", a => a.CompanyName)
        .Column("domain", a => a.Domain)
        .Column("country", a => a.Country)
        .Column("desired_type", a => a.DesiredType.ToString())
        .Column("size_band", a => a.SizeBand.ToString())
        .Column("status", a => a.Status.ToString())
        .Column("fit_score", a => a.FitScore.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Column("duplicate_of", a => a.DuplicateReason)
        .Column("submitted_at", a => a.SubmittedAt.ToString("O"));

    /// <summary>The queue, best fit first unless sorted otherwise, filtered and searched by company or domain.</summary>
    public Task<Outcome<Paged<ApplicationListItem>>> ListAsync(ApplicationFilter filter, ListQuery query, CancellationToken cancellationToken = default) =>
        Invalid(filter) is { } errors ? Task.FromResult(Outcome<Paged<ApplicationListItem>>.Invalid(errors)) : Shape.PageAsync(Rows(filter, query), query, cancellationToken);

    /// <summary>The same list as CSV, in the list's order.</summary>
    public Task<Outcome<byte[]>> ExportCsvAsync(ApplicationFilter filter, ListQuery query, CancellationToken cancellationToken = default) =>
        Invalid(filter) is { } errors ? Task.FromResult(Outcome<byte[]>.Invalid(errors)) : Shape.CsvAsync(Rows(filter, query), query, cancellationToken);

    private static ValidationErrors? Invalid(ApplicationFilter filter)
    {
        var errors = new ValidationErrors();
        if (filter.MinScore is < 0 or > 100) errors.Add("minScore", "The score is 0 to 100.");
        return errors.Any ? errors : null;
    }

    private IQueryable<PartnerApplication> Rows(ApplicationFilter filter, ListQuery query)
    {
        var applications = db.Applications.AsNoTracking();
        if (filter.Status is { } status) applications = applications.Where(a => a.Status == status);
        if (filter.DuplicatesOnly == true) applications = applications.Where(a => a.DuplicateReason != null);
        if (filter.MinScore is { } min) applications = applications.Where(a => a.FitScore >= min);
        if (query.SearchText is { } search)
        {
            var term = search.ToLower();
            applications = applications.Where(a => a.CompanyName.ToLower().Contains(term) || (a.Domain != null && a.Domain.Contains(term)));
        }
        return applications;
    }

    public async Task<ApplicationDto?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        await db.Applications.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is { } a ? ToDto(a) : null;

    public async Task<Outcome<ApplicationDto>> ApproveAsync(Guid id, DecisionRequest request, CancellationToken cancellationToken = default)
    {
        var application = await db.Applications.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (application is null) return Outcome<ApplicationDto>.NotFound("No such application.");
        if (ValidationErrors.Of(request) is { Any: true } errors) return Outcome<ApplicationDto>.Invalid(errors);
        if (application.Status != ApplicationStatus.Submitted) return Outcome<ApplicationDto>.Conflict($"This application was already {application.Status.ToString().ToLowerInvariant()}.");

        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var reason = string.IsNullOrWhiteSpace(request.Reason) ? "Application approved." : request.Reason.Trim();
        var partnerId = stages.Admit(new NewPartner
        {
            Name = application.CompanyName, Type = application.DesiredType, Country = application.Country, Region = application.Region,
            SizeBand = application.SizeBand, Industries = application.Industries, Specializations = application.Specializations,
            Website = application.Website, Domain = application.Domain, AppliedAt = application.SubmittedAt,
            OwnerId = currentUser.Role == UserRole.ChannelAccountManager ? currentUser.Id : null,
        }, reason);
        timeline.Record(partnerId, "application-approved", $"Application approved with a fit score of {application.FitScore}.");

        if (application.Approve(partnerId, currentUser.Id, currentUser.Name, reason, now) is { } refusal) return Outcome<ApplicationDto>.Conflict(refusal);
        await db.SaveChangesAsync(cancellationToken);

        var invitation = await accounts.InviteAsync(partnerId, application.CompanyName,
            new InviteUserRequest { Email = application.ContactEmail, FullName = application.ContactName, Role = UserRole.PartnerAdmin }, cancellationToken);
        if (!invitation.Succeeded)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return Outcome<ApplicationDto>.Conflict($"The contact cannot be invited: {invitation.Message ?? invitation.Describe()}");
        }
        outbox.Enqueue(new EmailMessage(application.ContactEmail, "Your partner application is approved",
            $"""
            Hello {application.ContactName},

            Welcome aboard: {application.CompanyName} is approved as a partner. A separate e-mail invites you
            to the partner portal, where your onboarding starts.
            """));
        await db.SaveChangesAsync(cancellationToken);
        await activity.ApprovedAsync(partnerId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ToDto(application);
    }

    public async Task<Outcome<ApplicationDto>> RejectAsync(Guid id, DecisionRequest request, CancellationToken cancellationToken = default)
    {
        var application = await db.Applications.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (application is null) return Outcome<ApplicationDto>.NotFound("No such application.");
        var errors = ValidationErrors.Of(request);
        if (string.IsNullOrWhiteSpace(request.Reason)) errors.Add("reason", "Say why the application is rejected; the applicant is told.");
        if (errors.Any) return Outcome<ApplicationDto>.Invalid(errors);
        if (application.Status != ApplicationStatus.Submitted) return Outcome<ApplicationDto>.Conflict($"This application was already {application.Status.ToString().ToLowerInvariant()}.");

        if (application.Reject(currentUser.Id, currentUser.Name, request.Reason!.Trim(), time.GetUtcNow().UtcDateTime) is { } refusal)
        {
            return Outcome<ApplicationDto>.Conflict(refusal);
        }
        outbox.Enqueue(new EmailMessage(application.ContactEmail, "Your partner application",
            $"""
            Hello {application.ContactName},

            Thank you for your interest in our partner program. We are not able to accept {application.CompanyName} at this time:

            {application.DecisionReason}
            """));
        await db.SaveChangesAsync(cancellationToken);
        return ToDto(application);
    }

    private static ApplicationDto ToDto(PartnerApplication a) => new(
        a.Id, a.CompanyName, a.Website, a.Domain, a.Country, a.Region, a.DesiredType, a.SizeBand, a.Industries, a.Specializations,
        a.CustomerFocus, a.ContactName, a.ContactEmail, a.Motivation, a.Status, a.FitScore, FitScore.ParseExplanation(a.FitExplanation),
        a.DuplicateReason, a.SubmittedAt, a.DecidedAt, a.DecidedByName, a.DecisionReason, a.PartnerId);
}
