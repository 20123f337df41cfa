using Allyward.Platform.Isolation;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Ui;

/// <summary>
/// Runs a use case for a page in a fresh DI scope (so a long-lived Blazor circuit never reuses a stale
/// DbContext) bound to the page's signed-in user, so partner isolation applies exactly as in the API.
/// </summary>
public sealed class Operations(IServiceScopeFactory scopes, AuthenticationStateProvider authentication)
{
    public async Task<TResult> Run<THandler, TResult>(Func<THandler, Task<TResult>> work) where THandler : notnull
    {
        var state = await authentication.GetAuthenticationStateAsync();
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(state.User);
        return await work(scope.ServiceProvider.GetRequiredService<THandler>());
    }

    public async Task Run<THandler>(Func<THandler, Task> work) where THandler : notnull =>
        await Run<THandler, bool>(async handler => { await work(handler); return true; });
}
