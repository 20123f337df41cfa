using Allyward.Platform.Api;
using Allyward.Platform.Identity;
using Allyward.Platform.Staff;
using Allyward.Platform.Tokens;
using Allyward.Platform.Webhooks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Allyward.Platform.Modules;

/// <summary>What the platform itself shows and serves: account, notifications, tokens, staff, webhooks, audit.</summary>
internal sealed class PlatformModule : AllywardModule
{
    public override IEnumerable<ApiTag> ApiTags =>
    [
        new("Account", "Who the caller is and what it may do."),
        new("Notifications", "The caller's in-app notifications."),
        new("API tokens", "Tokens that let integrations call the API as a user."),
        new("Vendor staff", "The vendor's own users and their roles."),
        new("Webhooks", "Subscriptions that receive events, signed and retried, with their delivery log."),
        new("Audit", "Every change, who made it and when."),
        new("Branding", "The vendor's name, logo, colour and texts that the portal, public pages and e-mails wear."),
    ];

    public override void AddServices(IServiceCollection services, IConfiguration configuration) => services
        .AddWebhooks(configuration)
        .AddScoped<Branding.Brand>();

    public override void MapEndpoints(IEndpointRouteBuilder api)
    {
        api.MapPlatform();
        api.MapApiTokens();
        api.MapStaff();
        api.MapWebhooks();
        Branding.BrandEndpoints.MapBranding(api);
    }

    public override IEnumerable<HomeCard> HomeCards =>
    [
        new(HomeArea.Portal, 90, typeof(Notifications.Pages.RecentNotificationsCard), []),
        new(HomeArea.Console, 90, typeof(Notifications.Pages.RecentNotificationsCard), []),
    ];

    public override IEnumerable<NavEntry> Navigation =>
    [
        new(NavArea.Everyone, 10, "Notifications", "/notifications", Icons.Material.Filled.Notifications, []),
        new(NavArea.Administration, 86, "Branding", "/console/branding", Icons.Material.Filled.Palette, [PlatformPermissions.ManageBranding]),
        new(NavArea.Administration, 85, "Webhooks", "/console/webhooks", Icons.Material.Filled.Webhook, [PlatformPermissions.ManageWebhooks]),
        new(NavArea.Administration, 80, "Vendor staff", "/console/staff", Icons.Material.Filled.Badge, [PlatformPermissions.ManageVendorStaff]),
        new(NavArea.Administration, 90, "Audit log", "/console/audit", Icons.Material.Filled.History, [PlatformPermissions.ViewAuditLog]),
        new(NavArea.Settings, 10, "API tokens", "/settings/api-tokens", Icons.Material.Filled.Key,
            [PlatformPermissions.ManageAllTokens, PlatformPermissions.ManageOrganizationTokens]),
        new(NavArea.Settings, 20, "API reference", "/api/reference", Icons.Material.Filled.Api,
            [PlatformPermissions.ManageAllTokens, PlatformPermissions.ManageOrganizationTokens], NewTab: true),
    ];
}
