using Allyward.Platform.Api;
using Allyward.Platform.Identity;
using Allyward.Platform.Isolation;
using Allyward.Platform.Modules;
using Allyward.Programs.DesignPrograms;
using Allyward.Programs.Evaluation;
using Allyward.Programs.Members;
using Allyward.Programs.Scorecards;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Allyward.Programs;

public sealed class ProgramsModule : AllywardModule
{
    public override IEnumerable<ApiTag> ApiTags =>
        [new("Programs", "Partner programs and tiers, requirements and benefits, the evaluation, scorecards, exchange rates, custom KPIs and joint business plans.")];

    public override IEnumerable<NavEntry> Navigation =>
    [
        new(NavArea.Console, 58, "Programs", "/console/programs", Icons.Material.Filled.WorkspacePremium, [ProgramPermissions.ViewAll, ProgramPermissions.Manage]),
        new(NavArea.Portal, 48, "Scorecard", "/portal/scorecard", Icons.Material.Filled.WorkspacePremium, [ProgramPermissions.Scorecard]),
        new(NavArea.Console, 59, "Business plans", "/console/plans", Icons.Material.Filled.Handshake, [ProgramPermissions.ViewAll]),
        new(NavArea.Portal, 49, "Business plans", "/portal/plans", Icons.Material.Filled.Handshake, [ProgramPermissions.Scorecard]),
    ];

    public override IEnumerable<HomeCard> HomeCards =>
    [
        new(HomeArea.Portal, 15, typeof(Scorecards.TierCard), [ProgramPermissions.Scorecard]),
        new(HomeArea.Console, 28, typeof(Members.ProgramsConsoleCard), [ProgramPermissions.ViewAll]),
    ];

    public override IEnumerable<PartnerTab> PartnerTabs =>
        [new(40, "Program", typeof(Scorecards.PartnerProgramTab), [ProgramPermissions.ViewAll]), new(41, "Business plans", typeof(BusinessPlans.PartnerPlansTab), [ProgramPermissions.ViewAll])];

    public override IEnumerable<WebhookEventType> WebhookEvents => ProgramWebhookEvents.All;

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ProgramsOptions>(configuration.GetSection("Programs"));
        services.AddScoped<PartnerMetrics>()
            .AddScoped<TierChanges>()
            .AddScoped<ProgramEvaluator>()
            .AddScoped<ScheduledEvaluation>()
            .AddScoped<ProgramDesigner>()
            .AddScoped<ProgramMembers>()
            .AddScoped<Scorecards.Scorecards>()
            .AddScoped<Currencies.ExchangeRates>()
            .AddScoped<Kpis.CustomKpis>()
            .AddHostedService<ScheduledEvaluationWorker>()
            // Rates and KPI values first: the demo program's evaluation converts and counts them.
            .AddDemoData<ProgramCurrencyDemoData>()
            .AddDemoData<ProgramsDemoData>();
        services.AddScoped<BusinessPlans.BusinessPlanHandler>().AddDemoData<BusinessPlans.BusinessPlansDemoData>();
    }

    private static readonly string[] Readers = [ProgramPermissions.ViewAll, ProgramPermissions.Manage];
    private static readonly string[] ScorecardReaders = [ProgramPermissions.ViewAll, ProgramPermissions.Scorecard];

    public override void MapEndpoints(IEndpointRouteBuilder api)
    {
        var programs = api.MapGroup("/programs").WithTags("Programs");
        BusinessPlans.BusinessPlanEndpoints.Map(programs);
        MapDesign(programs);
        MapMembers(programs);
        Currencies.ExchangeRateEndpoints.Map(programs);
        Kpis.CustomKpiEndpoints.Map(programs);
        programs.MapGet("/scorecards/{partnerId:guid}", async (Guid partnerId, Scorecards.Scorecards s, CancellationToken ct) => (await s.ForAsync(partnerId, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(ScorecardReaders))
            .WithSummary("A partner's scorecard: its tier and benefits in each program, what is missing for the next tier, its tier history and trend");
    }

    private static void MapDesign(RouteGroupBuilder programs)
    {
        programs.MapGet("/", async ([AsParameters] ListQueryParameters q, ProgramDesigner d, CancellationToken ct) => (await d.ListAsync(q.List, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(Readers)).WithSummary("The partner programs, with members, partners at risk and promotions waiting");
        programs.MapPost("/", async (ProgramRequest request, ProgramDesigner d, CancellationToken ct) =>
                (await d.CreateAsync(request, ct)).ToHttp(p => TypedResults.Created($"/api/v1/programs/{p.Id}", p)))
            .RequireAuthorization(ProgramPermissions.Manage).WithSummary("Create a program; it starts with its entry tier");
        programs.MapGet("/{programId:guid}", async (Guid programId, ProgramDesigner d, CancellationToken ct) => (await d.GetAsync(programId, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(Readers)).WithSummary("A program with its tiers, benefits and requirements");
        programs.MapPut("/{programId:guid}", async (Guid programId, ProgramRequest request, ProgramDesigner d, CancellationToken ct) => (await d.UpdateAsync(programId, request, ct)).ToHttp())
            .RequireAuthorization(ProgramPermissions.Manage).WithSummary("Change a program's settings");
        programs.MapPost("/{programId:guid}/tiers", async (Guid programId, TierRequest request, ProgramDesigner d, CancellationToken ct) => (await d.AddTierAsync(programId, request, ct)).ToHttp())
            .RequireAuthorization(ProgramPermissions.Manage).WithSummary("Add a tier above the others");
        programs.MapPut("/{programId:guid}/tiers/{tierId:guid}", async (Guid programId, Guid tierId, TierRequest request, ProgramDesigner d, CancellationToken ct) =>
                (await d.UpdateTierAsync(programId, tierId, request, ct)).ToHttp())
            .RequireAuthorization(ProgramPermissions.Manage).WithSummary("Change a tier's benefits and requirements (see what-if first)");
        programs.MapDelete("/{programId:guid}/tiers/{tierId:guid}", async (Guid programId, Guid tierId, ProgramDesigner d, CancellationToken ct) =>
                (await d.RemoveTierAsync(programId, tierId, ct)).ToHttp())
            .RequireAuthorization(ProgramPermissions.Manage).WithSummary("Remove a tier nobody is in");
        programs.MapPost("/{programId:guid}/tiers/what-if", async (Guid programId, TierRequest request, ProgramDesigner d, CancellationToken ct) =>
                (await d.WhatIfAsync(programId, null, request, ct)).ToHttp())
            .RequireAuthorization(ProgramPermissions.Manage).WithSummary("Which members a new tier would move, judged now; nothing is saved");
        programs.MapPost("/{programId:guid}/tiers/{tierId:guid}/what-if", async (Guid programId, Guid tierId, TierRequest request, ProgramDesigner d, CancellationToken ct) =>
                (await d.WhatIfAsync(programId, tierId, request, ct)).ToHttp())
            .RequireAuthorization(ProgramPermissions.Manage).WithSummary("Which members a change of the tier would move up or down, judged now; nothing is saved");
    }

    private static void MapMembers(RouteGroupBuilder programs)
    {
        programs.MapGet("/{programId:guid}/members", async (Guid programId, Guid? tierId, bool? atRisk, bool? closeToPromotion, [AsParameters] ListQueryParameters q,
                ProgramMembers m, CancellationToken ct) => (await m.ListAsync(programId, new MemberFilter(tierId, atRisk, closeToPromotion), q.List, ct)).ToHttp())
            .RequireAuthorization(ProgramPermissions.ViewAll).WithSummary("A program's members with their tier, progress toward the next and any grace period");
        programs.MapGet("/{programId:guid}/members/export.csv", async (Guid programId, Guid? tierId, bool? atRisk, bool? closeToPromotion, [AsParameters] ListQueryParameters q,
                ProgramMembers m, CancellationToken ct) => (await m.ExportCsvAsync(programId, new MemberFilter(tierId, atRisk, closeToPromotion), q.List, ct))
                    .ToHttp(csv => TypedResults.File(csv, "text/csv; charset=utf-8", "program-members.csv")))
            .RequireAuthorization(ProgramPermissions.ViewAll).ProducesFile("text/csv").WithSummary("The members as CSV");
        programs.MapPut("/{programId:guid}/members/{partnerId:guid}", async (Guid programId, Guid partnerId, SetTierRequest request, ProgramMembers m, CancellationToken ct) =>
                (await m.SetTierAsync(programId, partnerId, request, ct)).ToHttp())
            .RequireAuthorization(ProgramPermissions.Evaluate).WithSummary("Put a partner in a tier by hand, with the reason it is told");
        programs.MapGet("/{programId:guid}/evaluations", async (Guid programId, [AsParameters] ListQueryParameters q, ProgramMembers m, CancellationToken ct) =>
                (await m.EvaluationsAsync(programId, q.List, ct)).ToHttp())
            .RequireAuthorization(ProgramPermissions.ViewAll).WithSummary("The program's evaluations, newest first");
        programs.MapPost("/{programId:guid}/evaluations", async (Guid programId, ProgramEvaluator e, CancellationToken ct) => (await e.RunNowAsync(programId, ct)).ToHttp())
            .RequireAuthorization(ProgramPermissions.Evaluate).WithSummary("Evaluate every member now (one run per program at a time)");
        programs.MapGet("/proposals", async (Guid? programId, ProposalStatus? status, Guid? partnerId, [AsParameters] ListQueryParameters q, ProgramMembers m, CancellationToken ct) =>
                (await m.ProposalsAsync(new ProposalFilter(programId, status, partnerId), q.List, ct)).ToHttp())
            .RequireAuthorization(ProgramPermissions.ViewAll).WithSummary("Promotions proposed by the evaluation, with the numbers behind each");
        programs.MapGet("/proposals/export.csv", async (Guid? programId, ProposalStatus? status, Guid? partnerId, [AsParameters] ListQueryParameters q, ProgramMembers m, CancellationToken ct) =>
                (await m.ProposalsCsvAsync(new ProposalFilter(programId, status, partnerId), q.List, ct))
                    .ToHttp(csv => TypedResults.File(csv, "text/csv; charset=utf-8", "tier-proposals.csv")))
            .RequireAuthorization(ProgramPermissions.ViewAll).ProducesFile("text/csv").WithSummary("The proposals as CSV");
        programs.MapPost("/proposals/{proposalId:guid}/decision", async (Guid proposalId, ProposalDecision decision, ProgramMembers m, CancellationToken ct) =>
                (await m.DecideAsync(proposalId, decision, ct)).ToHttp())
            .RequireAuthorization(ProgramPermissions.Evaluate).WithSummary("Approve a promotion (the partner moves up at once) or reject it with a reason");
    }
}
