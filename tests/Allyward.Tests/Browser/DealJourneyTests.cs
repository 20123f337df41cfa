using System.Net;
using Allyward.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Allyward.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class DealJourneyTests(BrowserApp app)
{

    [Fact]
    public async Task The_deal_form_shows_an_absurd_amount_and_a_disguised_name_inline_and_keeps_working()
    {
        var partner = await app.SignedInPageAsync(Demo.PartnerASales);
        await partner.GotoAsync("/portal/deals");
        await BrowserApp.WaitUntilInteractiveAsync(partner);
        var form = partner.Locator("[data-testid=register-deal]");
        await BrowserApp.Field(partner, "deal-company").FillAsync($"Contoso \u202Egnp.exe {Unique.Suffix()}");
        await BrowserApp.Field(partner, "deal-country").FillAsync("DE");
        await BrowserApp.Field(partner, "deal-amount").FillAsync("100000000000000000000");
        await BrowserApp.Field(partner, "deal-amount").PressAsync("Tab");
        await partner.Locator("[data-testid=deal-submit]").ClickAsync();
        await Expect(form).ToContainTextAsync("reverses the direction of text");
        await Expect(form).ToContainTextAsync("The amount is at most a trillion EUR");

        // Text that is no amount is refused in the form's own words.
        await BrowserApp.Field(partner, "deal-amount").FillAsync("about 5k");
        await BrowserApp.Field(partner, "deal-amount").PressAsync("Tab");
        await partner.Locator("[data-testid=deal-submit]").ClickAsync();
        await Expect(form).ToContainTextAsync("Write the amount as a number, such as 75,000.00.");

        // The page still answers: a sane amount, written as people write it, and a plain name register the deal.
        var customer = $"Contoso {Unique.Suffix()}";
        await BrowserApp.Field(partner, "deal-company").FillAsync(customer);
        await BrowserApp.Field(partner, "deal-amount").FillAsync("1,250.50");
        await BrowserApp.Field(partner, "deal-amount").PressAsync("Tab");
        await partner.Locator("[data-testid=deal-submit]").ClickAsync();
        await Expect(partner.Locator("[data-testid=my-deals]")).ToContainTextAsync(customer);
        await Expect(partner.Locator("[data-testid=my-deals]")).ToContainTextAsync("1,250.50 EUR");
    }

    [Fact]
    public async Task A_partner_registers_a_deal_with_a_live_conflict_warning_and_the_cam_approves_it()
    {
        var customer = $"Fabrikam {Unique.Suffix()} Industries";
        // Another partner registered the same customer first.
        var earlier = await app.ApiClientAsync(Demo.PartnerBSales);
        await earlier.PostJsonAsync("/api/v1/deals", new
        {
            customer = new { companyName = customer + " GmbH", country = "DE" }, amount = 1000, currency = "EUR",
            expectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(40)),
        }).ExpectAsync(HttpStatusCode.Created);

        var partner = await app.SignedInPageAsync(Demo.PartnerASales);
        await BrowserApp.WaitUntilInteractiveAsync(partner);
        await partner.GetByRole(AriaRole.Link, new() { Name = "Deals", Exact = true }).ClickAsync();
        await BrowserApp.WaitUntilInteractiveAsync(partner);
        await BrowserApp.Field(partner, "deal-company").FillAsync(customer.ToUpperInvariant());
        await Expect(partner.Locator("[data-testid=conflict-warning]")).ToContainTextAsync("Another registration has the same company name.");
        await Expect(partner.Locator("[data-testid=conflict-warning]")).Not.ToContainTextAsync(Demo.PartnerB);
        await BrowserApp.Field(partner, "deal-country").FillAsync("DE");
        await BrowserApp.Field(partner, "deal-country").PressAsync("Tab");
        await BrowserApp.Field(partner, "deal-amount").FillAsync("25,000");
        await BrowserApp.Field(partner, "deal-amount").PressAsync("Tab");
        await partner.Locator("[data-testid=deal-submit]").ClickAsync();
        await Expect(partner.Locator("[data-testid=my-deals]")).ToContainTextAsync(customer.ToUpperInvariant());

        var cam = await app.SignedInPageAsync(Demo.Cam);
        await cam.GotoAsync("/console/deals");
        await BrowserApp.WaitUntilInteractiveAsync(cam);
        // The CAM's queue starts with their own partners (Partner A, not Partner B), waiting longest first; the row counts conflicts.
        await BrowserApp.Field(cam, "deal-search").FillAsync(customer);
        var row = cam.Locator("[data-testid=deal-queue] tr").Filter(new() { HasText = customer.ToUpperInvariant() });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("[data-testid=conflict-count]")).ToHaveTextAsync("1 conflict");
        await Expect(row.Locator("[data-testid=sla]")).ToContainTextAsync("Waiting");

        // The deal's page shows the conflicting registration side by side, and the decision.
        await row.Locator("[data-testid=deal-link]").ClickAsync();
        await Expect(cam).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/deals/[0-9a-f-]{36}$"));
        await Expect(cam.Locator("[data-testid=conflicts]")).ToContainTextAsync(Demo.PartnerB);
        await Expect(cam.Locator("[data-testid=conflicts]")).ToContainTextAsync("(earlier)");
        await cam.Locator("[data-testid=deal-approve]").ClickAsync();
        await Expect(cam.Locator("[data-testid=deal-status]")).ToHaveTextAsync("Protected");
        await Expect(cam.Locator("[data-testid=history]")).ToContainTextAsync("approved by");

        await partner.ReloadAsync();
        var mine = partner.Locator("[data-testid=my-deals] tr").Filter(new() { HasText = customer.ToUpperInvariant() });
        await Expect(mine).ToContainTextAsync("Protected");
        await Expect(mine).ToContainTextAsync(DateTime.UtcNow.AddDays(90).ToString("d", System.Globalization.CultureInfo.GetCultureInfo("en-US")));
        // The partner's own page of the deal: protected, with the actions a partner may take and no view of other partners.
        await mine.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(partner.Locator("[data-testid=protected-until]")).ToBeVisibleAsync();
        await BrowserApp.WaitUntilInteractiveAsync(partner);
        await Expect(partner.Locator("[data-testid=deal-won]")).ToBeVisibleAsync();
        await Expect(partner.Locator("[data-testid=conflicts]")).ToHaveCountAsync(0);
        await Expect(partner.Locator("body")).Not.ToContainTextAsync(Demo.PartnerB);

        // Won, at the amount the customer signed for, written as people write it.
        await BrowserApp.Field(partner, "won-amount").FillAsync("27,500.00");
        await partner.Locator("[data-testid=deal-won]").ClickAsync();
        await Expect(partner.Locator("[data-testid=deal-status]")).ToHaveTextAsync("Won");
        await Expect(partner.Locator("[data-testid=deal-amount]")).ToHaveTextAsync("27,500.00 EUR");
        await Expect(partner.Locator("[data-testid=history]")).ToContainTextAsync("Won at 27,500.00 EUR (estimated 25,000.00 EUR).");
    }

    [Fact]
    public async Task A_program_admin_adds_a_custom_field_that_partners_then_answer()
    {
        var label = $"Deal type {Unique.Suffix()}";
        var key = $"deal_type_{Unique.Suffix().ToLowerInvariant()}";
        var admin = await app.SignedInPageAsync(Demo.Admin);
        try
        {
            await admin.GotoAsync("/console/deals/settings");
            await BrowserApp.WaitUntilInteractiveAsync(admin);
            await BrowserApp.Field(admin, "field-label").FillAsync(label);
            await BrowserApp.Field(admin, "field-key").FillAsync("Deal Type");
            await BrowserApp.Field(admin, "field-key").PressAsync("Tab");
            await admin.Locator("[data-testid=add-field]").ClickAsync();
            await Expect(admin.GetByText("The key is lower case letters")).ToBeVisibleAsync();

            await BrowserApp.Field(admin, "field-key").FillAsync(key);
            await BrowserApp.Field(admin, "field-key").PressAsync("Tab");
            await admin.Locator("[data-testid=field-required] input, input[data-testid=field-required]").CheckAsync();
            await admin.Locator("[data-testid=add-field]").ClickAsync();
            await Expect(admin.Locator("[data-testid=custom-fields]")).ToContainTextAsync(key);

            var partner = await app.SignedInPageAsync(Demo.PartnerASales);
            await partner.GotoAsync("/portal/deals");
            await BrowserApp.WaitUntilInteractiveAsync(partner);
            await Expect(partner.GetByText($"{label} *")).ToBeVisibleAsync();
        }
        finally
        {
            var api = await app.ApiClientAsync(Demo.Admin);
            var fields = await api.GetAsync("/api/v1/deal-fields").ExpectJsonAsync(HttpStatusCode.OK);
            foreach (var field in fields["items"]!.AsArray().Where(f => f!["key"]!.GetValue<string>() == key))
            {
                await api.DeleteAsync($"/api/v1/deal-fields/{field!["id"]}");
            }
        }
    }
}
