using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Platform.Isolation;

/// <summary>
/// The ways past partner isolation, all named "AsSystem" so that one search finds every one of them. A compiled
/// query cannot call these; the few that must see every partner call <c>IgnoreQueryFilters()</c> on a line marked
/// <c>// AsSystem:</c> with the reason, and an architecture test refuses any other use.
/// </summary>
public static class SystemAccess
{
    /// <summary>A new scope that acts as the system from the start: scheduled work, the outbox, operator commands.</summary>
    public static AsyncServiceScope CreateAsSystemScope(this IServiceScopeFactory scopes)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem();
        return scope;
    }

    /// <inheritdoc cref="CreateAsSystemScope(IServiceScopeFactory)"/>
    public static AsyncServiceScope CreateAsSystemScope(this IServiceProvider services) =>
        services.GetRequiredService<IServiceScopeFactory>().CreateAsSystemScope();

    /// <summary>One query that reads past isolation, for a deliberate, narrow look across partners (e.g. the name
    /// of a partner's channel account manager, who is vendor staff).</summary>
    public static IQueryable<T> AsSystem<T>(this IQueryable<T> query) where T : class => query.IgnoreQueryFilters();
}
