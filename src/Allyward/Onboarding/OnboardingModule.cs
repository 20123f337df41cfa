using Allyward.Platform.Identity;
using MudBlazor;
using Allyward.Platform.Modules;
using Allyward.Onboarding.Kinds;
using Allyward.Onboarding.Progress;
using Allyward.Onboarding.Templates;
using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Onboarding;

public sealed class OnboardingModule : AllywardModule
{
    public override IEnumerable<ApiTag> ApiTags => [new("Onboarding", "Onboarding templates, partners' plans and their tasks.")];

    public override IEnumerable<NavEntry> Navigation =>
    [
        new(NavArea.Administration, 20, "Onboarding templates", "/console/onboarding-templates", Icons.Material.Filled.Checklist, [OnboardingPermissions.ManageTemplates]),
    ];

    public override IEnumerable<HomeCard> HomeCards =>
    [
        new(HomeArea.Portal, 20, typeof(OnboardingHomeCard), [OnboardingPermissions.ViewOwn], Wide: true),
        new(HomeArea.Console, 20, typeof(OnboardingFunnelCard), [OnboardingPermissions.ViewAll], Wide: true),
    ];

    public override IEnumerable<PartnerTab> PartnerTabs =>
    [
        new(30, "Onboarding", typeof(OnboardingTab), []),
    ];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<OnboardingOptions>(configuration.GetSection("Onboarding"));
        services.AddSingleton<IOnboardingTaskKind, SignAgreementKind>();
        services.AddSingleton<IOnboardingTaskKind, CompleteProfileKind>();
        services.AddSingleton<IOnboardingTaskKind, UploadDocumentKind>();
        services.AddSingleton<IOnboardingTaskKind, AcknowledgePageKind>();
        services.AddSingleton<IOnboardingTaskKind, ManualTaskKind>();
        services.AddSingleton<IOnboardingTaskKind, CompleteCourseKind>();
        services.AddScoped<OnboardingProgress>();
        services.AddScoped<IPartnerActivityListener>(sp => sp.GetRequiredService<OnboardingProgress>());
        services.AddScoped<IPartnerApprovedListener>(sp => sp.GetRequiredService<OnboardingProgress>());
        services.AddScoped<TemplatesHandler>();
        services.AddScoped<OnboardingReminders>();
        services.AddScoped<OnboardingMetrics>();
        services.AddHostedService<OnboardingReminderWorker>();
        services.AddDemoData<OnboardingDemoData>();
    }

    private static readonly string[] Viewers = [OnboardingPermissions.ViewAll, OnboardingPermissions.ViewOwn];
    private static readonly string[] Confirmers = [OnboardingPermissions.Manage, OnboardingPermissions.Work];

    public override void MapEndpoints(IEndpointRouteBuilder api)
    {
        var templates = api.MapGroup("/onboarding-templates").WithTags("Onboarding").RequireAuthorization(OnboardingPermissions.ManageTemplates);
        templates.MapGet("/", async (TemplatesHandler handler, CancellationToken ct) => TypedResults.Ok(new TemplateList(await handler.ListAsync(ct), handler.Kinds())))
            .WithSummary("Onboarding templates, and the task kinds they can use");
        templates.MapPost("/", async (TemplateRequest request, TemplatesHandler handler, CancellationToken ct) =>
                (await handler.CreateAsync(request, ct)).ToHttp(t => TypedResults.Created($"/api/v1/onboarding-templates/{t.Id}", t)))
            .WithSummary("Create a template for a partner type (or the default one)");
        templates.MapPut("/{templateId:guid}", async (Guid templateId, TemplateRequest request, TemplatesHandler handler, CancellationToken ct) =>
                (await handler.UpdateAsync(templateId, request, ct)).ToHttp())
            .WithSummary("Replace a template (plans already started keep their tasks)");
        templates.MapDelete("/{templateId:guid}", async (Guid templateId, TemplatesHandler handler, CancellationToken ct) =>
                (await handler.DeleteAsync(templateId, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithSummary("Delete a template");

        api.MapGet("/onboarding/metrics", async (OnboardingMetrics metrics, CancellationToken ct) => TypedResults.Ok(await metrics.GetAsync(ct)))
            .RequireAuthorization(OnboardingPermissions.ViewAll)
            .WithTags("Onboarding")
            .WithSummary("The onboarding funnel, median times to approval and activation, and the partners stuck longest");

        var plan = api.MapGroup("/partners/{partnerId:guid}").WithTags("Onboarding");
        plan.MapGet("/onboarding", async (Guid partnerId, OnboardingProgress progress, CancellationToken ct) =>
                ApiResults.OkOrNotFound(await progress.GetAsync(partnerId, ct), "This partner has no onboarding plan."))
            .RequireAuthorization(Policies.AnyOf(Viewers))
            .WithSummary("The partner's onboarding plan and progress");
        plan.MapPost("/onboarding", async (Guid partnerId, OnboardingProgress progress, CancellationToken ct) =>
                (await progress.StartAsync(partnerId, ct)).ToHttp(p => TypedResults.Created($"/api/v1/partners/{partnerId}/onboarding", p)))
            .RequireAuthorization(OnboardingPermissions.Manage)
            .WithSummary("Start onboarding from the template for the partner's type");
        plan.MapPost("/onboarding/tasks/{taskId:guid}/upload", async (Guid partnerId, Guid taskId, IFormFile? file, OnboardingProgress progress, CancellationToken ct) =>
                file is null
                    ? (IResult)ApiResults.Invalid(ValidationErrors.One("file", "Attach the file as the form field 'file'."))
                    : (await progress.UploadAsync(partnerId, taskId, file.FileName, file.OpenReadStream(), file.Length, ct)).ToHttp())
            .RequireAuthorization(OnboardingPermissions.Work)
            .Produces<PlanDto>()
            .WithSummary("Upload the document an upload task asks for (multipart form field 'file')");
        plan.MapPost("/onboarding/tasks/{taskId:guid}/confirm", async (Guid partnerId, Guid taskId, OnboardingProgress progress, CancellationToken ct) =>
                (await progress.ConfirmAsync(partnerId, taskId, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(Confirmers))
            .WithSummary("Acknowledge a page (partner) or confirm a manual task (channel account manager)");
        plan.MapGet("/files/{fileId:guid}", async (Guid partnerId, Guid fileId, OnboardingProgress progress, CancellationToken ct) =>
                await progress.FileAsync(partnerId, fileId, ct) is { } file ? (IResult)TypedResults.File(file.Content, file.ContentType, file.FileName) : ApiResults.NotFound("No such file."))
            .RequireAuthorization(Policies.AnyOf(Viewers))
            .ProducesFile("application/octet-stream")
            .WithSummary("Download a document the partner uploaded");
    }

}

public sealed class OnboardingOptions
{
    /// <summary>How often an overdue task may be reminded.</summary>
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How often the reminder job looks for overdue tasks.</summary>
    public TimeSpan ReminderCheckInterval { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>The onboarding templates, and the task kinds a template can use.</summary>
public sealed record TemplateList(IReadOnlyList<TemplateDto> Items, IReadOnlyList<TaskKindDto> Kinds);
