using Allyward.Platform.Hosting;
using Allyward.Platform.Modules;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
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

    public override IEnumerable<PartnerTab> PartnerTabs => [new(58, "Business plans", typeof(BusinessPlans.PartnerPlansTab), [ProgramPermissions.ViewAll])];

    public override IEnumerable<WebhookEventType> WebhookEvents => ProgramWebhookEvents.All;

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<Evaluation.PartnerMetrics>();
        services.AddScoped<BusinessPlans.BusinessPlanHandler>().AddDemoData<BusinessPlans.BusinessPlansDemoData>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder api)
    {
        var programs = api.MapGroup("/programs").WithTags("Programs");
        BusinessPlans.BusinessPlanEndpoints.Map(programs);
    }
}
