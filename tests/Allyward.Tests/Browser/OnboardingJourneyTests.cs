using System.Text.RegularExpressions;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Allyward.Tests.Browser;

/// <summary>From a public application to an active partner, in the browser, as the people involved do it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OnboardingJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task An_applicant_becomes_an_active_partner()
    {
        var company = $"Journey Reseller {Unique.Suffix()}";
        var email = Unique.Email("journey");

        // 1. The applicant applies on the public form.
        var applicant = await (await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl })).NewPageAsync();
        await applicant.GotoAsync("/apply");
        await applicant.FillAsync("#company", company);
        await applicant.FillAsync("#website", $"https://{company.ToLowerInvariant().Replace(' ', '-')}.example");
        await applicant.FillAsync("#country", "NL");
        await applicant.SelectOptionAsync("#type", "Reseller");
        await applicant.SelectOptionAsync("#size", "Medium");
        await applicant.FillAsync("#industries", "Healthcare, Retail");
        await applicant.FillAsync("#specializations", "Security");
        await applicant.FillAsync("#contact", "Jet Journey");
        await applicant.FillAsync("#email", email);
        await applicant.FillAsync("#motivation", "We want to resell your platform to hospitals.");
        await applicant.ClickAsync("button[type=submit]");
        await Expect(applicant.Locator("[data-testid=application-received]")).ToBeVisibleAsync();

        // 2. A channel account manager approves it from the queue.
        var cam = await app.SignedInPageAsync(Demo.Cam);
        await BrowserApp.WaitUntilInteractiveAsync(cam);
        await cam.GetByRole(AriaRole.Link, new() { Name = "Applications", Exact = true }).ClickAsync();
        await BrowserApp.WaitUntilInteractiveAsync(cam);
        await cam.GetByRole(AriaRole.Link, new() { Name = company }).ClickAsync();
        await Expect(cam.GetByRole(AriaRole.Heading, new() { Name = company })).ToBeVisibleAsync();
        await BrowserApp.WaitUntilInteractiveAsync(cam);
        await cam.Locator("[data-testid=approve]").ClickAsync();
        await Expect(cam.Locator("[data-testid=application-status]")).ToHaveTextAsync("Approved");

        // 3. The invited partner admin sets a password from the e-mailed link.
        var invitation = (await app.MailsToAsync(email)).Single(m => m.Contains("/account/accept-invitation"));
        var partner = await (await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl })).NewPageAsync();
        await partner.GotoAsync(Http.PathOf(Http.LinkIn(invitation, "/account/accept-invitation")));
        await partner.FillAsync("#password", "journey password 1");
        await partner.FillAsync("#confirm", "journey password 1");
        await partner.ClickAsync("button[type=submit]");
        await Expect(partner).ToHaveURLAsync(new Regex("/portal$"));
        await BrowserApp.WaitUntilInteractiveAsync(partner);
        await Expect(partner.Locator("[data-testid=onboarding-progress]")).ToHaveTextAsync("1 of 5 done");

        // 4. Signs the agreement.
        await partner.Locator("[data-testid=task-sign-agreement]").GetByRole(AriaRole.Link, new() { Name = "Sign" }).ClickAsync();
        await BrowserApp.WaitUntilInteractiveAsync(partner);
        var agreement = partner.Locator("[data-testid=agreement]").Filter(new() { HasText = "Partner Program Agreement" });
        await agreement.GetByText("I have read this agreement").ClickAsync();
        await agreement.Locator("[data-testid=sign]").ClickAsync();
        await Expect(agreement.Locator("[data-testid=signed]")).ToContainTextAsync("Signed by Jet Journey");

        // 5. Uploads the document and acknowledges the code of conduct.
        await partner.GetByRole(AriaRole.Link, new() { Name = "Home", Exact = true }).ClickAsync();
        await BrowserApp.WaitUntilInteractiveAsync(partner);
        // The plan has loaded (with the signature counted) before the file is chosen, so no re-render drops the choice.
        await Expect(partner.Locator("[data-testid=onboarding-progress]")).ToHaveTextAsync("2 of 5 done");
        // Blazor wires the file input's change listener a round trip after drawing it; a file chosen before then is lost.
        await partner.WaitForFunctionAsync("() => document.querySelector('[data-testid=upload-input]')?._blazorInputFileNextFileId !== undefined");
        await partner.Locator("[data-testid=upload-input]").SetInputFilesAsync(new FilePayload
        {
            Name = "tax-certificate.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4\n%%EOF\n"u8.ToArray(),
        });
        await Expect(partner.Locator("[data-testid=task-upload-document]")).ToContainTextAsync("tax-certificate.pdf");
        await partner.Locator("[data-testid=acknowledge]").ClickAsync();
        await Expect(partner.Locator("[data-testid=onboarding-progress]")).ToHaveTextAsync("4 of 5 done");

        // 6. The channel account manager confirms the kick-off call; the partner is Active.
        var partnerId = await app.WithDbAsync(db => db.Partners.Where(p => p.Name == company).Select(p => p.Id).SingleAsync());
        await cam.GotoAsync($"/console/partners/{partnerId}");
        await BrowserApp.WaitUntilInteractiveAsync(cam);
        await cam.GetByRole(AriaRole.Tab, new() { Name = "Onboarding" }).ClickAsync();
        await cam.Locator("[data-testid=confirm-manual]").ClickAsync();
        await Expect(cam.Locator("[data-testid=onboarding-progress]")).ToHaveTextAsync("5 of 5 done");
        await cam.ReloadAsync();
        await Expect(cam.Locator("[data-stage]").First).ToHaveAttributeAsync("data-stage", "Active");

        // 7. And hears about it.
        await app.DrainOutboxAsync();
        await cam.GotoAsync("/notifications");
        await Expect(cam.Locator("[data-testid=notifications]")).ToContainTextAsync($"{company} is now Active");
    }
}
