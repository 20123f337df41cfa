using System.Net;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Allyward.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class JourneyTests(BrowserApp app)
{

    [Fact]
    public async Task A_channel_account_manager_finds_a_partner_and_moves_it_to_the_next_stage()
    {
        var name = $"Journey Partner {Unique.Suffix()}";
        var cam = await app.ApiClientAsync(Demo.Cam);
        await cam.PostJsonAsync("/api/v1/partners", Unique.Partner(name)).ExpectAsync(HttpStatusCode.Created);

        var page = await app.SignedInPageAsync(Demo.Cam);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console$"));
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Partners", Exact = true }).ClickAsync();
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await Expect(page.Locator("[data-testid=partners-table] tbody tr")).ToHaveCountAsync(25);

        // Filter by stage, then narrow down by name.
        await page.Locator("[data-testid=filter-stage]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Applicant" }).ClickAsync();
        await Expect(page.Locator("[data-testid=partners-table] tbody tr").First.Locator("[data-stage]")).ToHaveAttributeAsync("data-stage", "Applicant");
        await BrowserApp.Field(page, "partner-search").FillAsync(name);
        var rows = page.Locator("[data-testid=partners-table] tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await rows.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await Expect(page.Locator("[data-stage]").First).ToHaveAttributeAsync("data-stage", "Applicant");

        // Submitting without a reason is refused inline.
        await page.Locator("[data-testid=stage-submit]").ClickAsync();
        await Expect(page.Locator("[data-testid=stage-change]")).ToContainTextAsync("Say why the stage changes.");

        await BrowserApp.Field(page, "stage-reason").FillAsync("Strong references from two customers");
        await BrowserApp.Field(page, "stage-reason").PressAsync("Tab");
        await page.Locator("[data-testid=stage-submit]").ClickAsync();
        await Expect(page.Locator("[data-stage]").First).ToHaveAttributeAsync("data-stage", "Approved");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Stage history" }).ClickAsync();
        await Expect(page.Locator("[data-testid=stage-history]")).ToContainTextAsync("Strong references from two customers");

        var stored = await app.WithDbAsync(db => db.Partners.SingleAsync(p => p.Name == name));
        Assert.Equal(Allyward.Partners.Contracts.PartnerStage.Approved, stored.Stage);
    }

    [Fact]
    public async Task A_partner_admin_opens_their_organization_and_invites_a_colleague()
    {
        var page = await app.SignedInPageAsync(Demo.PartnerAAdmin);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/portal$"));
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "My organization", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = Demo.PartnerA })).ToBeVisibleAsync();
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await Expect(page.Locator("[data-testid=partner-users]")).ToContainTextAsync(Demo.PartnerASales);
        await Expect(page.Locator("body")).Not.ToContainTextAsync(Demo.PartnerB);

        var email = Unique.Email("colleague");
        await BrowserApp.Field(page, "invite-email").FillAsync("not-an-email");
        await BrowserApp.Field(page, "invite-email").PressAsync("Tab");
        await page.Locator("[data-testid=invite-submit]").ClickAsync();
        await Expect(page.Locator("[data-testid=invite-form]")).ToContainTextAsync("Enter an e-mail address such as name@example.com.");

        await BrowserApp.Field(page, "invite-name").FillAsync("Casey Colleague");
        await BrowserApp.Field(page, "invite-name").PressAsync("Tab");
        await BrowserApp.Field(page, "invite-email").FillAsync(email);
        await BrowserApp.Field(page, "invite-email").PressAsync("Tab");
        await page.Locator("[data-testid=invite-submit]").ClickAsync();

        await Expect(page.Locator("[data-testid=partner-users]")).ToContainTextAsync(email);
        await Expect(page.Locator("[data-testid=partner-users]")).ToContainTextAsync("Invited");
        Assert.Contains("/account/accept-invitation", await app.MailWithAsync(email, "/account/accept-invitation"));
        var invited = await app.UserAsync(email);
        Assert.Equal((await app.UserAsync(Demo.PartnerAAdmin)).PartnerId, invited.PartnerId);
    }
}
