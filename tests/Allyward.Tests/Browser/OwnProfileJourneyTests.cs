using System.Net;
using System.Text.RegularExpressions;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Allyward.Tests.Browser;

/// <summary>A partner admin completes the organization's profile in the portal, and the onboarding task does itself.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OwnProfileJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task A_partner_admin_completes_the_profile_and_sees_the_onboarding_task_done()
    {
        // A partner approved without a website, industries or specializations: its profile task is open.
        var name = $"Profile Journey {Unique.Suffix()}";
        var cam = await app.ApiClientAsync(Demo.Cam);
        var id = (await cam.PostJsonAsync("/api/v1/partners", new { name, type = "Reseller", country = "DE", region = "Europe", sizeBand = "Small" })
            .ExpectJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        await app.MovePartnerAsync(id, "Approved");
        var adminEmail = await app.NewPartnerUserAsync(id, "PartnerAdmin", accept: false);

        // The invited admin sets a password from the e-mailed link and lands in the portal.
        var invitation = await app.MailWithAsync(adminEmail, "/account/accept-invitation");
        var partner = await (await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl })).NewPageAsync();
        await partner.GotoAsync(Http.PathOf(Http.LinkIn(invitation, "/account/accept-invitation")));
        await partner.FillAsync("#password", People.Password);
        await partner.FillAsync("#confirm", People.Password);
        await partner.ClickAsync("button[type=submit]");
        await Expect(partner).ToHaveURLAsync(new Regex("/portal$"));
        await BrowserApp.WaitUntilInteractiveAsync(partner);
        await Expect(partner.Locator("[data-testid=onboarding-progress]")).ToHaveTextAsync("0 of 5 done");
        await partner.Locator("[data-testid=complete-profile]").ClickAsync();
        await Expect(partner).ToHaveURLAsync(new Regex("/portal/organization$"));
        await BrowserApp.WaitUntilInteractiveAsync(partner);
        await Expect(partner.Locator("[data-testid=vendor-managed]")).ToContainTextAsync("managed by the vendor");

        // A wrong country is named next to the field, and nothing is saved.
        await BrowserApp.Field(partner, "profile-website").FillAsync("profile-journey.example");
        await BrowserApp.Field(partner, "profile-country").FillAsync("ZZ");
        await BrowserApp.Field(partner, "profile-country").PressAsync("Tab");
        await partner.Locator("[data-testid=profile-save]").ClickAsync();
        await Expect(partner.Locator("[data-testid=profile-form]")).ToContainTextAsync("two-letter ISO 3166 country code");
        Assert.Null(await app.WithDbAsync(db => db.Partners.Where(p => p.Id == id).Select(p => p.Website).SingleAsync()));

        await BrowserApp.Field(partner, "profile-description").FillAsync("Hospital IT since 2004.\nThree offices.");
        await BrowserApp.Field(partner, "profile-street").FillAsync("Keizersgracht 1");
        await BrowserApp.Field(partner, "profile-postal-code").FillAsync("1015 CJ");
        await BrowserApp.Field(partner, "profile-city").FillAsync("Amsterdam");
        await BrowserApp.Field(partner, "profile-country").FillAsync("NL");
        await BrowserApp.Field(partner, "profile-industries").FillAsync("Healthcare, Public sector");
        await BrowserApp.Field(partner, "profile-specializations").FillAsync("Security");
        await BrowserApp.Field(partner, "profile-specializations").PressAsync("Tab");
        await partner.Locator("[data-testid=profile-save]").ClickAsync();
        await Expect(partner.GetByText("Profile saved.")).ToBeVisibleAsync();
        await Expect(partner.Locator("[data-testid=profile-form]")).Not.ToContainTextAsync("two-letter ISO 3166 country code");

        // The logo: the file input works a round trip after it is drawn.
        await partner.WaitForFunctionAsync("() => document.querySelector('[data-testid=logo-input]')?._blazorInputFileNextFileId !== undefined");
        await partner.Locator("[data-testid=logo-input]").SetInputFilesAsync(new FilePayload
        {
            Name = "logo.png", MimeType = "image/png", Buffer = Partners.OwnProfileTests.Png,
        });
        await Expect(partner.Locator("img[data-testid=partner-logo]")).ToBeVisibleAsync();
        await Expect(partner.Locator("img[data-testid=partner-logo]")).ToHaveJSPropertyAsync("naturalWidth", 1);

        // A contact of the organization's own.
        await BrowserApp.Field(partner, "contact-name").FillAsync("Pim Partner");
        await BrowserApp.Field(partner, "contact-email").FillAsync("pim@profile-journey.example");
        await BrowserApp.Field(partner, "contact-email").PressAsync("Tab");
        await partner.Locator("[data-testid=contact-save]").ClickAsync();
        await Expect(partner.Locator("[data-testid=contact-row]")).ToContainTextAsync("pim@profile-journey.example");

        // Home: the profile task is done, by the partner's own hand, and the plan has moved on.
        await partner.GetByRole(AriaRole.Link, new() { Name = "Home", Exact = true }).ClickAsync();
        await BrowserApp.WaitUntilInteractiveAsync(partner);
        await Expect(partner.Locator("[data-testid=onboarding-progress]")).ToHaveTextAsync("1 of 5 done");
        await Expect(partner.Locator("[data-testid=task-complete-profile]")).ToContainTextAsync("by Test Person");
        await Expect(partner.Locator("[data-testid=complete-profile]")).ToHaveCountAsync(0);

        // The channel account manager sees the logo, the description and the edits on the timeline.
        var console = await app.SignedInPageAsync(Demo.Cam);
        await console.GotoAsync($"/console/partners/{id}");
        await BrowserApp.WaitUntilInteractiveAsync(console);
        await Expect(console.Locator("img[data-testid=partner-logo]")).ToBeVisibleAsync();
        await Expect(console.Locator("[data-testid=partner-description]")).ToContainTextAsync("Hospital IT since 2004.");
        await console.GetByRole(AriaRole.Tab, new() { Name = "Timeline" }).ClickAsync();
        await Expect(console.Locator("[data-testid=timeline]")).ToContainTextAsync("Profile updated by the partner");
    }
}
