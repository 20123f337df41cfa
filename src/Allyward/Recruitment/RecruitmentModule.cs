using MudBlazor;
using Allyward.Platform.Modules;
using System.Threading.RateLimiting;
using Allyward.Platform.Api;
using Allyward.Recruitment.IdealProfile;
using Allyward.Recruitment.ReviewApplications;
using Allyward.Recruitment.SubmitApplication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Recruitment;

public sealed class RecruitmentModule : AllywardModule
{
    public override IEnumerable<ApiTag> ApiTags => [new("Recruitment", "Partner applications, their fit with the ideal partner profile, and their review.")];

    public override IEnumerable<NavEntry> Navigation =>
    [
        new(NavArea.Console, 50, "Applications", "/console/applications", Icons.Material.Filled.PersonAddAlt1, [RecruitmentPermissions.Review]),
        new(NavArea.Administration, 10, "Ideal partner profile", "/console/ideal-profile", Icons.Material.Filled.TrackChanges, [RecruitmentPermissions.ManageProfile]),
    ];

    /// <summary>The rate limit on submitting applications, per client address.</summary>
    public const string ApplicationsRateLimit = "applications";

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("Recruitment:ApplicationsPerMinute", 5);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = "Too many applications from this address. Try again in a minute.",
                    },
                });
            };
            // Only submissions count: anyone may look at the form as often as they like.
            options.AddPolicy(ApplicationsRateLimit, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("read"));
        });
        services
            .AddScoped<SubmitApplicationHandler>()
            .AddScoped<ReviewApplicationsHandler>()
            .AddScoped<IdealProfileHandler>();
        services.AddDemoData<RecruitmentDemoData>();
    }

    /// <summary>The application list's query string: the list kit's paging, sort and search, and the queue's filters.</summary>
    public sealed record ApplicationListQuery(ApplicationStatus? Status, bool? DuplicatesOnly, int? MinScore, string? Search, int? Page, int? PageSize, string? Sort)
    {
        public ApplicationFilter Filter => new(Status, DuplicatesOnly, MinScore);
        public ListQuery List => new(Page, PageSize, Sort, Search);
    }

    public override void MapEndpoints(IEndpointRouteBuilder api)
    {
        var applications = api.MapGroup("/applications").WithTags("Recruitment");

        applications.MapPost("/", async (ApplicationRequest request, HttpContext http, SubmitApplicationHandler handler, CancellationToken ct) =>
                (await handler.HandleAsync(request, http.Connection.RemoteIpAddress?.ToString(), ct)).ToHttp(submitted => submitted is null
                    ? TypedResults.Accepted((string?)null)
                    : TypedResults.Created($"/api/v1/applications/{submitted.Id}", submitted)))
            .AllowAnonymous()
            .Produces<SubmittedApplication>(StatusCodes.Status201Created)
            .Produces(StatusCodes.Status202Accepted)
            .RequireRateLimiting(ApplicationsRateLimit)
            .WithSummary("Apply to become a partner (public; rate-limited per client)");

        var review = applications.MapGroup("/").RequireAuthorization(RecruitmentPermissions.Review);
        review.MapGet("/", async ([AsParameters] ApplicationListQuery q, ReviewApplicationsHandler handler, CancellationToken ct) =>
                (await handler.ListAsync(q.Filter, q.List, ct)).ToHttp())
            .WithSummary("The application queue, best fit first unless sorted otherwise (status defaults to all)");
        review.MapGet("/export.csv", async ([AsParameters] ApplicationListQuery q, ReviewApplicationsHandler handler, CancellationToken ct) =>
                (await handler.ExportCsvAsync(q.Filter, q.List, ct)).ToHttp(csv => TypedResults.File(csv, "text/csv; charset=utf-8", "applications.csv")))
            .ProducesFile("text/csv")
            .WithSummary("The applications matching the filters, in the list's order, as CSV (cells that a spreadsheet would run as formulas are neutralised)");
        review.MapGet("/{applicationId:guid}", async (Guid applicationId, ReviewApplicationsHandler handler, CancellationToken ct) =>
                ApiResults.OkOrNotFound(await handler.GetAsync(applicationId, ct), "No such application."))
            .WithSummary("An application with its fit score and the explanation of each criterion");
        review.MapPost("/{applicationId:guid}/approve", async (Guid applicationId, DecisionRequest? request, ReviewApplicationsHandler handler, CancellationToken ct) =>
                (await handler.ApproveAsync(applicationId, request ?? new DecisionRequest(), ct)).ToHttp())
            .WithSummary("Approve: creates the partner in stage Approved and invites the contact as its partner admin");
        review.MapPost("/{applicationId:guid}/reject", async (Guid applicationId, DecisionRequest request, ReviewApplicationsHandler handler, CancellationToken ct) =>
                (await handler.RejectAsync(applicationId, request, ct)).ToHttp())
            .WithSummary("Reject with a reason; the applicant is told by e-mail");

        var profile = api.MapGroup("/ideal-profile").WithTags("Recruitment");
        profile.MapGet("/", async (IdealProfileHandler handler, CancellationToken ct) => TypedResults.Ok(await handler.GetAsync(ct)))
            .RequireAuthorization(RecruitmentPermissions.Review)
            .WithSummary("The weighted criteria that score applications");
        profile.MapPut("/", async (IdealProfileDto request, IdealProfileHandler handler, CancellationToken ct) => (await handler.SaveAsync(request, ct)).ToHttp())
            .RequireAuthorization(RecruitmentPermissions.ManageProfile)
            .WithSummary("Replace the ideal partner profile; every open application is scored again");
    }
}
