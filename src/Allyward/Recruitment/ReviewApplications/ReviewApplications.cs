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

public sealed record ApplicationFilter(ApplicationStatus? Status = ApplicationStatus.Submitted, bool? DuplicatesOnly = null, int? MinScore = null, string? Search = null);

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
    public async Task<Outcome<Paged<ApplicationListItem>>> ListAsync(ApplicationFilter filter, PageRequest page, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        page.Validate(errors);
        if (filter.MinScore is < 0 or > 100) errors.Add("minScore", "The score is 0 to 100.");
        if (filter.Search is { Length: > 200 }) errors.Add("search", "The search text is at most 200 characters.");
        if (errors.Any) return Outcome<Paged<ApplicationListItem>>.Invalid(errors);

        var applications = db.Applications.AsNoTracking();
        if (filter.Status is { } status) applications = applications.Where(a => a.Status == status);
        if (filter.DuplicatesOnly == true) applications = applications.Where(a => a.DuplicateReason != null);
        if (filter.MinScore is { } min) applications = applications.Where(a => a.FitScore >= min);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim().ToLower();
            applications = applications.Where(a => a.CompanyName.ToLower().Contains(term) || (a.Domain != null && a.Domain.Contains(term)));
        }
        return await applications
            .OrderByDescending(a => a.FitScore).ThenBy(a => a.SubmittedAt).ThenBy(a => a.Id)
            .Select(a => new ApplicationListItem(a.Id, a.CompanyName, a.Domain, a.Country, a.DesiredType, a.SizeBand, a.Status, a.FitScore, a.DuplicateReason, a.SubmittedAt))
            .ToPageAsync(page, cancellationToken);
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
