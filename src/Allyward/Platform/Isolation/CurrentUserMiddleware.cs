using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Platform.Isolation;

internal static class CurrentUserMiddleware
{
    /// <summary>Binds <see cref="CurrentUser"/> to the authenticated user (cookie or API token) of each request.</summary>
    public static IApplicationBuilder UseCurrentUser(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.RequestServices.GetRequiredService<CurrentUser>().Set(context.User);
            await next(context);
        });
}
