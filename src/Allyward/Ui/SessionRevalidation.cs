using System.Security.Claims;
using Allyward.Platform.Accounts;
using Allyward.Platform.Isolation;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allyward.Ui;

/// <summary>
/// The authentication state of an open Blazor circuit, checked again every <see cref="AllywardOptions.SessionCheckInterval"/>
/// (<c>Allyward:SessionCheckInterval</c>, 30 seconds by default) against the user as it now is (<see cref="CallerAccess"/>):
/// once the user is deactivated, signed out elsewhere or its partner has left, the page loses its user, is sent to the
/// sign-in page, and the circuit ends. Operations check at once, whatever the interval (<see cref="Operations"/>).
/// </summary>
internal sealed class SessionRevalidation(ILoggerFactory logs, IServiceScopeFactory scopes, IOptions<AllywardOptions> options)
    : RevalidatingServerAuthenticationStateProvider(logs)
{
    protected override TimeSpan RevalidationInterval => options.Value.SessionCheckInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        if (state.User.Identity?.IsAuthenticated != true) return true;
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CallerAccess>().CheckAsync(state.User, cancellationToken) != Access.None;
    }

    /// <summary>Drops the circuit's user at once, as the periodic check would.</summary>
    public void EndSession() =>
        SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
}
