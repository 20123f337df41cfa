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

        // The partner's admin deactivates the user while the page is open.
        await app.DeactivateAsync(email);
        await page.Locator("[data-testid=deal-submit]").ClickAsync();

        await page.WaitForURLAsync(url => url.Contains("/account/login"));
        Assert.False(await app.WithDbAsync(db => db.Set<Deal>().AnyAsync(d => d.PartnerId == partnerId)));
    }
}
