using System.Net;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Allyward.Tests.Browser;

/// <summary>A program admin reads an agreement's text and sees who still has to sign it, earlier signers apart.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AgreementsConsoleTests(BrowserApp app)
{
    [Fact]
    public async Task The_admin_reads_the_text_and_sees_earlier_signers_apart_from_those_who_never_signed()
    {
        var title = $"Console agreement {Unique.Suffix()}";
        var api = await app.ApiClientAsync(Demo.Admin);
        var text1 = $"# {title}\n\nFirst terms {Unique.Suffix()}.";
        var v1 = (await api.PostJsonAsync("/api/v1/agreements", new { title, text = text1 }).ExpectJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var partnerId = await app.WithDbAsync(db => db.Partners.Where(p => p.Name == Demo.PartnerA).Select(p => p.Id).SingleAsync());
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text1)));
        await (await app.ApiClientAsync(Demo.PartnerAAdmin))
            .PostJsonAsync($"/api/v1/partners/{partnerId}/agreements/{v1}/signatures", new { documentSha256 = sha }).ExpectAsync(HttpStatusCode.Created);
        await api.PostJsonAsync("/api/v1/agreements", new { title, text = $"# {title}\n\nSecond terms, with a new clause.", requiresResign = true,
            resignDeadline = DateTime.UtcNow.AddDays(14) }).ExpectAsync(HttpStatusCode.Created);

        var page = await app.SignedInPageAsync(Demo.Admin);
        await page.GotoAsync($"{app.BaseUrl}/console/agreements");
        await BrowserApp.WaitUntilInteractiveAsync(page);
        var row = page.Locator("[data-testid=agreement-version]").Filter(new() { HasText = title }).Filter(new() { HasText = $"by {DateTime.UtcNow.AddDays(14).ToString("d", System.Globalization.CultureInfo.GetCultureInfo("en-US"))}" });
        await Expect(row.Locator("[data-testid=still-to-sign]")).ToContainTextAsync("partner");

        await row.Locator("[data-testid=agreement-read]").ClickAsync();
        await Expect(page.Locator("[data-testid=agreement-text]")).ToContainTextAsync("Second terms, with a new clause.");

        await row.Locator("[data-testid=agreement-pending]").ClickAsync();
        var partners = page.Locator("[data-testid=agreement-pending-partners]");
        await Expect(partners.Locator("[data-testid=signed-earlier]")).ToContainTextAsync(Demo.PartnerA);
        await Expect(partners.Locator("[data-testid=never-signed]")).ToBeVisibleAsync();
        await Expect(partners.Locator("[data-testid=never-signed]")).Not.ToContainTextAsync(Demo.PartnerA);
    }
}
