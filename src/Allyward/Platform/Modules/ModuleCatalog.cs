using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Platform.Modules;

/// <summary>The modules the host runs with, and what they contribute, in the host's order.</summary>
public sealed class ModuleCatalog
{
    public ModuleCatalog(IEnumerable<AllywardModule> modules)
    {
        Modules = [new PlatformModule(), .. modules];
        var duplicates = Modules.SelectMany(m => m.WebhookEvents).GroupBy(e => e.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0) throw new InvalidOperationException($"Webhook events declared twice: {string.Join(", ", duplicates)}.");
        WebhookEvents = [.. Modules.SelectMany(m => m.WebhookEvents)];
        Navigation = [.. Modules.SelectMany(m => m.Navigation).OrderBy(e => e.Area).ThenBy(e => e.Order)];
        HomeCards = [.. Modules.SelectMany(m => m.HomeCards).OrderBy(c => c.Order)];
        PartnerTabs = [.. Modules.SelectMany(m => m.PartnerTabs).OrderBy(t => t.Order)];
        ApiTags = [.. Modules.SelectMany(m => m.ApiTags)];
    }

    public IReadOnlyList<AllywardModule> Modules { get; }
    public IReadOnlyList<WebhookEventType> WebhookEvents { get; }
    public IReadOnlyList<NavEntry> Navigation { get; }
    public IReadOnlyList<HomeCard> HomeCards { get; }
    public IReadOnlyList<PartnerTab> PartnerTabs { get; }
    public IReadOnlyList<ApiTag> ApiTags { get; }

    internal void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(this);
        foreach (var module in Modules) module.AddServices(services, configuration);
    }

    internal void MapEndpoints(IEndpointRouteBuilder api)
    {
        foreach (var module in Modules) module.MapEndpoints(api);
    }

    internal void MapPublicEndpoints(IEndpointRouteBuilder app)
    {
        foreach (var module in Modules) module.MapPublicEndpoints(app);
    }
}

public static class ModuleServices
{
    /// <summary>Work to do once the database is up to date, before the first request (in registration order).</summary>
    public static IServiceCollection AddStartupTask<T>(this IServiceCollection services) where T : class, IStartupTask =>
        services.AddScoped<IStartupTask, T>();

    /// <summary>The module's part of the demo data, added to an empty database (in registration order).</summary>
    public static IServiceCollection AddDemoData<T>(this IServiceCollection services) where T : class, Seeding.IDemoData =>
        services.AddScoped<Seeding.IDemoData, T>();
}

/// <summary>Work done at start, after migrations, by the node that starts; it must be safe to run on every start.</summary>
public interface IStartupTask
{
    Task RunAsync(CancellationToken cancellationToken);
}
