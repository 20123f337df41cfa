using System.Net;
using System.Security.Claims;
using Allyward.Platform.Identity;
using Allyward.Ui;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Tests.Infrastructure;

/// <summary>Fresh partners and users for tests that change their stage or deactivate them, disturbing nobody else.</summary>
public static class People
{
    public const string Password = "correct horse battery";

    /// <summary>A new partner in stage Approved (it may have users).</summary>
    public static async Task<Guid> NewPartnerAsync(this AllywardApp app)
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var id = (await cam.PostJsonAsync("/api/v1/partners", Unique.Partner()).ExpectJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        await app.MovePartnerAsync(id, "Approved");
        return id;
    }

    public static async Task MovePartnerAsync(this AllywardApp app, Guid partnerId, params string[] stages)
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        foreach (var stage in stages)
        {
            await cam.PostJsonAsync($"/api/v1/partners/{partnerId}/stage-transitions", new { to = stage, reason = $"Now {stage}" })
                .ExpectAsync(HttpStatusCode.Created);
        }
    }

    /// <summary>A user of the partner, invited by its channel account manager, who accepted with <see cref="Password"/>.</summary>
    public static async Task<string> NewPartnerUserAsync(this AllywardApp app, Guid partnerId, string role = "PartnerSales", bool accept = true)
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var email = Unique.Email(role.ToLowerInvariant());
        await cam.PostJsonAsync($"/api/v1/partners/{partnerId}/users", new { email, fullName = "Test Person", role })
            .ExpectAsync(HttpStatusCode.Created);
        if (!accept) return email;
        var link = Http.LinkIn(await app.MailWithAsync(email, "/account/accept-invitation"), "/account/accept-invitation");
        var browser = app.AnonymousClient();
        await browser.SubmitFormAsync(Http.PathOf(link), "accept-invitation",
            new() { ["Input.Password"] = Password, ["Input.ConfirmPassword"] = Password }).ExpectAsync(HttpStatusCode.Redirect);
        return email;
    }

    /// <summary>Deactivates a partner user the way its organization's admin does.</summary>
    public static async Task DeactivateAsync(this AllywardApp app, string email)
    {
        var user = await app.UserAsync(email);
        var cam = await app.ApiClientAsync(Demo.Cam);
        await cam.DeleteAsync($"/api/v1/partners/{user.PartnerId}/users/{user.Id}").ExpectAsync(HttpStatusCode.OK);
    }

    /// <summary>The principal a page's circuit holds for a user signed in now.</summary>
    public static async Task<ClaimsPrincipal> PrincipalOfAsync(this AllywardApp app, string email)
    {
        var user = await app.UserAsync(email);
        return await app.WithScopeAsync(sp => sp.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user));
    }

    /// <summary>The <see cref="Operations"/> of an open page (a Blazor circuit) signed in as <paramref name="principal"/>.</summary>
    public static (Operations Operations, CircuitNavigation Navigation) OpenPage(this AllywardApp app, ClaimsPrincipal principal)
    {
        var navigation = new CircuitNavigation();
        return (new Operations(app.Services.GetRequiredService<IServiceScopeFactory>(), new FixedAuthentication(principal), navigation), navigation);
    }

    public sealed class CircuitNavigation : NavigationManager
    {
        public CircuitNavigation() => Initialize("http://localhost/", "http://localhost/portal");

        public string? NavigatedTo { get; private set; }

        protected override void NavigateToCore(string uri, NavigationOptions options) => NavigatedTo = uri;
    }

    private sealed class FixedAuthentication(ClaimsPrincipal principal) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(principal));
    }
}
