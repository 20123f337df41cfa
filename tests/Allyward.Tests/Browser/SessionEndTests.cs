using Allyward.Deals;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Tests.Browser;

/// <summary>A page left open by a user who is then deactivated does nothing more as that user.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SessionEndTests(BrowserApp app)
{
    [Fact]
    public async Task A_deactivated_users_open_page_registers_no_deal_and_goes_to_sign_in()
    {
        var partnerId = await app.NewPartnerAsync();
        await app.MovePartnerAsync(partnerId, "Onboarding", "Active");
        var email = await app.NewPartnerUserAsync(partnerId, accept: false);
        var invitation = await app.MailWithAsync(email, "/account/accept-invitation");
        var context = await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl });
        context.SetDefaultTimeout(60_000); // the shared machine is slow at times
        var page = await context.NewPageAsync();
        await page.GotoAsync(Http.PathOf(Http.LinkIn(invitation, "/account/accept-invitation")));
        await page.FillAsync("#password", People.Password);
        await page.FillAsync("#confirm", People.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => url.EndsWith("/portal"));
        await page.GotoAsync("/portal/deals");
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await BrowserApp.Field(page, "deal-company").FillAsync($"Contoso {Unique.Suffix()} Ltd");
        await BrowserApp.Field(page, "deal-country").FillAsync("DE");
        await BrowserApp.Field(page, "deal-country").PressAsync("Tab");
        await BrowserApp.Field(page, "deal-amount").FillAsync("25000");
        await BrowserApp.Field(page, "deal-amount").PressAsync("Tab");

        // The partner's admin deactivates the user while the page is open; the user submits at once. (Should the page's
        // periodic check come first, the page is already on its way to the sign-in page: either way no deal.)
        await app.DeactivateAsync(email);
        try
        {
            await page.Locator("[data-testid=deal-submit]").ClickAsync(new() { Timeout = 5_000 });
        }
        catch (Exception refused) when (refused is Microsoft.Playwright.PlaywrightException or TimeoutException && page.Url.Contains("/account/login"))
        {
            // The page left for the sign-in page while the click waited (a timeout, not a Playwright error, when it was slow).
        }

        await page.WaitForURLAsync(url => url.Contains("/account/login"));
        Assert.False(await app.WithDbAsync(db => db.Set<Deal>().AnyAsync(d => d.PartnerId == partnerId)));
    }

    [Fact]
    public async Task An_idle_open_page_of_a_deactivated_user_goes_to_sign_in_within_the_check_interval()
    {
        var partnerId = await app.NewPartnerAsync();
        var email = await app.NewPartnerUserAsync(partnerId, accept: false);
        var invitation = await app.MailWithAsync(email, "/account/accept-invitation");
        var context = await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(Http.PathOf(Http.LinkIn(invitation, "/account/accept-invitation")));
        await page.FillAsync("#password", People.Password);
        await page.FillAsync("#confirm", People.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => url.EndsWith("/portal"));
        await BrowserApp.WaitUntilInteractiveAsync(page);

        var deactivated = System.Diagnostics.Stopwatch.StartNew();
        await app.DeactivateAsync(email);

        // Nobody touches the page: its circuit's periodic check (every 5 s in these tests) sends it to sign in.
        await page.WaitForURLAsync(url => url.Contains("/account/login"), new() { Timeout = 30_000 });
        Assert.True(deactivated.Elapsed < TimeSpan.FromSeconds(30), $"The page ended after {deactivated.Elapsed}.");
    }
}
