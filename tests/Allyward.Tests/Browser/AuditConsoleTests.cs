using System.Net;
using Allyward.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Allyward.Tests.Browser;

/// <summary>The audit log reads as a table: who, what in words, which object by name, the changes in words.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AuditConsoleTests(BrowserApp app)
{
    [Fact]
    public async Task A_program_admin_reads_who_did_what_to_which_partner_by_name()
    {
        var name = $"Audited Browser Partner {Unique.Suffix()}";
        var cam = await app.ApiClientAsync(Demo.Cam);
        var id = (await cam.PostJsonAsync("/api/v1/partners", Unique.Partner(name)).ExpectJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await cam.PostJsonAsync($"/api/v1/partners/{id}/stage-transitions", new { to = "Approved", reason = "Good fit" }).ExpectAsync(HttpStatusCode.Created);

        var page = await app.SignedInPageAsync(Demo.Admin);
        await page.GotoAsync("/console/audit");
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await BrowserApp.Field(page, "audit-action").FillAsync("partner.");
        var row = page.Locator("[data-testid=audit-table] tbody tr").Filter(new() { HasText = "Partner created" }).Filter(new() { HasText = name });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("Marcus Webb");
        await Expect(row.Locator("[data-testid=audit-which]")).ToContainTextAsync($"Partner: {name}");
        await Expect(row.Locator("[data-testid=audit-which] span")).ToHaveAttributeAsync("title", $"Partner {id}");
        await Expect(row.Locator("[data-testid=audit-changes]")).ToContainTextAsync($"Name: {name}");
        await Expect(row.Locator("[data-testid=audit-changes]")).Not.ToContainTextAsync(id);

        var moved = page.Locator("[data-testid=audit-table] tbody tr").Filter(new() { HasText = "Partner stage changed" }).Filter(new() { HasText = name });
        await Expect(moved).ToHaveCountAsync(1);
    }
}
