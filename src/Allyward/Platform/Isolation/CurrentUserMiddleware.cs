using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
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

    /// <summary>
    /// Binds <see cref="CurrentUser"/> to the authenticated user of each request, after asking <see cref="CallerAccess"/>
    /// what it may do now: a caller with no access (deactivated, signed out elsewhere, its partner gone) is treated as
    /// not signed in and its cookie removed; a read-only caller's unsafe API requests are refused with a 403 and its
    /// saves refused everywhere else. The sign-in pages act as the system.
    /// </summary>
    public static IApplicationBuilder UseCurrentUser(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var currentUser = context.RequestServices.GetRequiredService<CurrentUser>();
            var signingIn = SignInFlows.Any(flow => context.Request.Path.StartsWithSegments(flow));
            if (context.User.Identity?.IsAuthenticated == true)
            {
                var access = await context.RequestServices.GetRequiredService<CallerAccess>().CheckAsync(context.User, context.RequestAborted);
                if (access == Access.None)
                {
                    if (!IsBearer(context.Request)) await context.SignOutAsync(IdentityConstants.ApplicationScheme);
                    context.User = new ClaimsPrincipal(new ClaimsIdentity());
                }
                // The account pages (sign-out, two-factor set-up) concern the person's own credentials, not its organization's data.
                else if (access == Access.ReadOnly && !context.Request.Path.StartsWithSegments("/account")
                         && context.GetEndpoint()?.Metadata.GetMetadata<AllowedWhileReadOnlyAttribute>() is null)
                {
                    if (Hosting.AllywardHost.IsApi(context) && IsUnsafe(context.Request.Method))
                    {
                        await WriteProblemAsync(context, StatusCodes.Status403Forbidden, "Read-only access",
                            "Your organization's access is read-only while it is being offboarded; nothing was changed.");
                        return;
                    }
                    currentUser.Restrict(access);
                }
            }
            currentUser.Set(context.User);
            if (!signingIn)
            {
                await next(context);
                return;
            }
            using (currentUser.ActAsSystem())
            {
                await next(context);
            }
        });

    internal static bool IsBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    internal static bool IsUnsafe(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));

    internal static async Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
