using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Platform.Isolation;

internal static class CurrentUserMiddleware
{
    /// <summary>The pages where someone who is not signed in proves who they are: they look up accounts of every partner.</summary>
    private static readonly PathString[] SignInFlows =
        ["/account/login", "/account/login-2fa", "/account/forgot-password", "/account/reset-password", "/account/accept-invitation"];

    /// <summary>
    /// Identifies the caller (cookie or API token) as the system, since the token, the user and its security stamp
    /// are looked up before anyone knows whom the request acts for. Put before <c>UseAuthentication</c>, which then
    /// finds the result already computed.
    /// </summary>
    public static IApplicationBuilder UseCallerIdentification(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            using (context.RequestServices.GetRequiredService<CurrentUser>().ActAsSystem())
            {
                await context.AuthenticateAsync();
            }
            await next(context);
        });

    /// <summary>Binds <see cref="CurrentUser"/> to the authenticated user of each request; the sign-in pages act as the system.</summary>
    public static IApplicationBuilder UseCurrentUser(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var currentUser = context.RequestServices.GetRequiredService<CurrentUser>();
            currentUser.Set(context.User);
            if (!SignInFlows.Any(flow => context.Request.Path.StartsWithSegments(flow)))
            {
                await next(context);
                return;
            }
            using (currentUser.ActAsSystem())
            {
                await next(context);
            }
        });
}
