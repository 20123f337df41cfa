using System.Security.Claims;
using Allyward.Platform.Api;
using Allyward.Platform.Isolation;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Ui;

/// <summary>
/// Runs a use case for a page in a fresh DI scope (so a long-lived Blazor circuit never reuses a stale
/// DbContext) bound to the page's signed-in user, so partner isolation applies exactly as in the API.
/// Before each operation the user is checked again (<see cref="CallerAccess"/>), since an open page may have been
/// signed in long ago: a user deactivated, signed out elsewhere or of a partner that left runs nothing — the page
/// is sent to the sign-in page and its circuit ends — and a read-only caller's operation saves nothing.
/// </summary>
public sealed class Operations(
    IServiceScopeFactory scopes, AuthenticationStateProvider authentication, NavigationManager navigation, MudBlazor.ISnackbar? snackbar = null)
{
    public async Task<TResult> Run<THandler, TResult>(Func<THandler, Task<TResult>> work) where THandler : notnull
    {
        var state = await authentication.GetAuthenticationStateAsync();
        await using var scope = scopes.CreateAsyncScope();
        var currentUser = scope.ServiceProvider.GetRequiredService<CurrentUser>();
        if (state.User.Identity?.IsAuthenticated == true)
        {
            var access = await scope.ServiceProvider.GetRequiredService<CallerAccess>().CheckAsync(state.User);
            if (access == Access.None)
            {
                (authentication as SessionRevalidation)?.EndSession();
                navigation.NavigateTo("/account/login", forceLoad: true);
                throw new AccessRevokedException();
            }
            currentUser.Restrict(Attribute.IsDefined(typeof(THandler), typeof(AllowedWhileReadOnlyAttribute)) ? Access.Full : access);
        }
        currentUser.Set(state.User);
        try
        {
            return await work(scope.ServiceProvider.GetRequiredService<THandler>());
        }
        catch (ReadOnlyAccessException refused)
        {
            if (Refusal<TResult>(refused.Message) is { } answer) return answer;
            // Anything else a refused save answers (marking a notification read) is said in a message instead.
            snackbar?.Add(refused.Message, MudBlazor.Severity.Warning);
            return default!;
        }
    }

    public async Task Run<THandler>(Func<THandler, Task> work) where THandler : notnull =>
        await Run<THandler, bool>(async handler => { await work(handler); return true; });

    /// <summary>
    /// A use case answering with an <see cref="Outcome{T}"/> shows a refused save as a conflict the page already
    /// displays; the few that answer otherwise (all of them plain flags or nothing) get their default.
    /// </summary>
    private static TResult? Refusal<TResult>(string message) =>
        typeof(TResult).IsGenericType && typeof(TResult).GetGenericTypeDefinition() == typeof(Outcome<>)
            ? (TResult?)typeof(TResult).GetMethod(nameof(Outcome<object>.Conflict))!.Invoke(null, [message, null])
            : default;
}

/// <summary>An operation refused because its page's user no longer has access; it ends the page's circuit.</summary>
public sealed class AccessRevokedException() : InvalidOperationException("The signed-in user no longer has access; nothing was run.");
