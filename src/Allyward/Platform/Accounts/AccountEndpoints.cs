using Allyward.Platform.Audit;
using Allyward.Platform.Identity;
using Allyward.Platform.Isolation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;

namespace Allyward.Platform.Accounts;

internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post (with the antiforgery token Blazor forms add), so no other site can sign a user out.
        app.MapPost("/account/logout", async (SignInManager<AppUser> signIn, CurrentUser user, AuditLog audit) =>
        {
            if (user.IsAuthenticated)
            {
                await audit.RecordAsync("account.signed-out", user.Id, user.Name, nameof(AppUser), user.Id?.ToString(), user.PartnerId);
            }
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        }).WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();
    }
}
