using Allyward.Platform.Identity;
using MudBlazor;
using Microsoft.Extensions.Configuration;
using Allyward.Platform.Modules;
using Allyward.Deals.Conflicts;
using Allyward.Deals.RegisterDeal;
using Allyward.Deals.CloseDeal;
using Allyward.Deals.CustomFields;
using Allyward.Deals.ExtendProtection;
using Allyward.Deals.DealDetail;
using Allyward.Deals.ListDeals;
using Allyward.Deals.ReviewDeals;
using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Deals;

public sealed class DealsModule : AllywardModule
{
    public override IEnumerable<ApiTag> ApiTags => [new("Deals", "Deal registration, conflict detection, review, protection and its extensions.")];

    public override IEnumerable<NavEntry> Navigation =>
    [
        new(NavArea.Console, 30, "Deals", "/console/deals", Icons.Material.Filled.MonetizationOn, [DealPermissions.ViewAll], ExactMatch: true),
        new(NavArea.Console, 31, "Deal rules", "/console/deals/settings", Icons.Material.Filled.Rule, [DealPermissions.ManageSettings]),
        new(NavArea.Portal, 30, "Deals", "/portal/deals", Icons.Material.Filled.MonetizationOn, [DealPermissions.RegisterOwn]),
    ];

    public override IEnumerable<HomeCard> HomeCards =>
    [
        new(HomeArea.Portal, 30, typeof(DealsAtAGlance.PortalDealsCard), [DealPermissions.RegisterOwn]),
        new(HomeArea.Console, 30, typeof(DealsAtAGlance.ConsoleDealsCard), [DealPermissions.Review]),
    ];

    public override IEnumerable<WebhookEventType> WebhookEvents => DealWebhookEvents.All;

    public override void AddServices(IServiceCollection services, IConfiguration configuration) => services
        .Configure<DealRegistrationOptions>(configuration.GetSection("Deals"))
        .AddSingleton<RegistrationLimits>()
        .AddScoped<ConflictFinder>()
        .AddScoped<RegisterDealHandler>()
        .AddScoped<ListDealsHandler>()
        .AddScoped<DealDetailHandler>()
        .AddScoped<ReviewDealsHandler>()
        .AddScoped<CloseDealHandler>()
        .AddScoped<DealSettingsHandler>()
        .AddScoped<DealExpiry>()
        .AddScoped<DealProtectionReminders>()
        .AddScoped<ExtendProtection.ExtendProtectionHandler>()
        .AddScoped<DealNotifications>()
        .AddScoped<DealsAtAGlance.DealsAtAGlanceHandler>()
        .AddScoped<Distributors>()
        .AddScoped<CustomFields.CustomFieldsHandler>()
        .AddHostedService<DealExpiryWorker>()
        .AddStartupTask<FileOpenDeals>()
        .AddDemoData<DealsDemoData>();

    internal static readonly string[] Viewers = [DealPermissions.ViewAll, DealPermissions.RegisterOwn];
    internal static readonly string[] Registrars = [DealPermissions.Review, DealPermissions.RegisterOwn];

    public override void MapEndpoints(IEndpointRouteBuilder api)
    {
        var deals = api.MapGroup("/deals").WithTags("Deals");
        RegisterDealEndpoints.Map(deals);
        ListDealsEndpoints.Map(deals);
        DealDetailEndpoints.Map(deals);
        ReviewDealsEndpoints.Map(deals);
        CloseDealEndpoints.Map(deals);
        ExtendProtectionEndpoints.Map(deals);
        DistributorEndpoints.Map(deals);
        CustomFieldEndpoints.Map(api.MapGroup("/deal-fields").WithTags("Deals"));
        DealSettingsEndpoints.Map(api.MapGroup("/deal-settings").WithTags("Deals"));
    }
}
