using Allyward.Platform.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Platform.Modules;

/// <summary>
/// Everything a module adds to Allyward. The host lists its modules once; Platform reaches them only through
/// this contract and never names one. Two things are found by convention instead, because EF Core and the
/// permission catalog need them before any service exists: <c>IEntityTypeConfiguration</c> classes (the
/// module's tables) and one <see cref="Identity.IModulePermissions"/> class (its grants per role).
/// See docs/adding-a-module.md.
/// </summary>
public abstract class AllywardModule
{
    /// <summary>Handlers, outbox handlers, scheduled work (<c>AddHostedService</c>), start-up tasks
    /// (<see cref="ModuleServices.AddStartupTask{T}"/>) and demo data (<see cref="ModuleServices.AddDemoData{T}"/>).</summary>
    public virtual void AddServices(IServiceCollection services, IConfiguration configuration)
    {
    }

    /// <summary>REST endpoints, mapped under <c>/api/v1</c>.</summary>
    public virtual void MapEndpoints(IEndpointRouteBuilder api)
    {
    }

    /// <summary>Public addresses outside the API, at the site's root (a certificate's verification documents); anonymous unless they say otherwise.</summary>
    public virtual void MapPublicEndpoints(IEndpointRouteBuilder app)
    {
    }

    /// <summary>Entries of the main menu, each shown only to users who hold its policy.</summary>
    public virtual IEnumerable<NavEntry> Navigation => [];

    /// <summary>Cards on the portal home and the console overview.</summary>
    public virtual IEnumerable<HomeCard> HomeCards => [];

    /// <summary>Tabs on the console's page of one partner; each component receives the <c>PartnerId</c> parameter.</summary>
    public virtual IEnumerable<PartnerTab> PartnerTabs => [];

    /// <summary>The webhook events the module publishes, which integrations may subscribe to.</summary>
    public virtual IEnumerable<WebhookEventType> WebhookEvents => [];

    /// <summary>The tags its endpoints use (<c>WithTags</c>), with what each groups, for the API reference.</summary>
    public virtual IEnumerable<ApiTag> ApiTags => [];
}

public enum NavArea
{
    Console,
    Portal,
    /// <summary>For every signed-in user, vendor or partner.</summary>
    Everyone,
    /// <summary>The console's administration group.</summary>
    Administration,
    /// <summary>Settings and developer tools (API tokens, the API reference).</summary>
    Settings,
}

/// <param name="AnyOf">Permissions, any one of which shows the entry; none shows it to every signed-in user.</param>
/// <param name="Order">Position within its area, lowest first.</param>
/// <param name="ExactMatch">Highlight the entry only on exactly its address, not on the pages below it.</param>
/// <param name="NewTab">Open in a new browser tab.</param>
public sealed record NavEntry(NavArea Area, int Order, string Title, string Href, string Icon, string[] AnyOf,
    bool ExactMatch = false, bool NewTab = false) : IShownByPermission;

public enum HomeArea
{
    /// <summary>The partner portal's home page; the card receives the <c>PartnerId</c> parameter.</summary>
    Portal,
    /// <summary>The console's overview page.</summary>
    Console,
}

/// <param name="Component">A Razor component; portal cards take a <c>Guid PartnerId</c> parameter.</param>
/// <param name="AnyOf">Permissions, any one of which shows the card; none shows it to everyone who sees the page.</param>
/// <param name="Wide">Spans the whole width instead of half of it.</param>
public sealed record HomeCard(HomeArea Area, int Order, Type Component, string[] AnyOf, bool Wide = false) : IShownByPermission;

public sealed record PartnerTab(int Order, string Title, Type Component, string[] AnyOf) : IShownByPermission;

public interface IShownByPermission
{
    string[] AnyOf { get; }
}

public static class ShownByPermission
{
    public static bool IsShownTo(this IShownByPermission item, System.Security.Claims.ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && (item.AnyOf.Length == 0 || item.AnyOf.Any(user.HasPermission));
}

/// <param name="Name">As <c>WithTags</c> names it.</param>
public sealed record ApiTag(string Name, string Description);

/// <param name="Name">As integrations see it, e.g. <c>deal.approved</c>.</param>
public sealed record WebhookEventType(string Name, string Description);
