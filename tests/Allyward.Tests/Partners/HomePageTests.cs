using System.Net;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Tests.Partners;

/// <summary>The portal and console homes show what their reader should do first, from the modules' cards.</summary>
public abstract class HomePageTests(AllywardApp app)
{
    private static object Deal(string company) => new
    {
        customer = new { companyName = company, country = "DE" }, amount = 50_000_00, currency = "EUR",
        expectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(45)),
    };

    private static string Text(string html) =>
        System.Text.RegularExpressions.Regex.Replace(WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", " ")), @"\s+", " ");

    [Fact]
    public async Task The_portal_home_shows_the_cam_with_contact_details_the_deals_to_act_on_and_recent_notifications()
    {
        var customer = $"Home {Unique.Suffix()}";
        var partner = await app.ApiClientAsync(Demo.PartnerASales);
        var deal = await partner.PostJsonAsync("/api/v1/deals", Deal(customer)).ExpectJsonAsync(HttpStatusCode.Created);
        var cam = await app.ApiClientAsync(Demo.Cam);
        await cam.PostJsonAsync($"/api/v1/deals/{deal["id"]}/approve", new { }).ExpectAsync(HttpStatusCode.OK);
        await partner.PostJsonAsync($"/api/v1/deals/{deal["id"]}/extension-requests", new { days = 30, reason = "Budget moved to next quarter" })
            .ExpectAsync(HttpStatusCode.Created);
        await app.DrainOutboxAsync();

        var browser = await app.SignInAsync(Demo.PartnerASales);
        var html = await (await browser.GetAsync("/portal").ExpectAsync(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        var text = Text(html);

        // Northwind's CAM is Marcus Webb, with the phone the demo gives him.
        Assert.Contains("Marcus Webb", text);
        Assert.Contains("mailto:cam@kestrelcloud.example", html);
        Assert.Contains("tel:+14155550142", WebUtility.HtmlDecode(html));

        Assert.Contains("Your deals", text);
        Assert.Matches(@"Protected: \d+", text);
        Assert.Contains($"{customer} — Extension of 30 days waits for a decision", text);
        Assert.Contains($"/portal/deals/{deal["id"]}", html);

        Assert.Contains("Recent notifications", text);
        Assert.Contains($"Deal approved: {customer}", text);

        // A partner's home never shows another partner's deals (those whose customer partner A has not registered too).
        var onlyOfB = await app.WithDbAsync(db => db.Deals
            .Where(d => db.Set<Allyward.Partners.Partner>().Any(p => p.Id == d.PartnerId && p.Name == Demo.PartnerB))
            .Where(d => !db.Set<Allyward.Deals.Deal>().Any(a => a.CustomerName == d.CustomerName
                && db.Set<Allyward.Partners.Partner>().Any(p => p.Id == a.PartnerId && p.Name == Demo.PartnerA)))
            .Select(d => d.CustomerName).ToListAsync());
        Assert.NotEmpty(onlyOfB);
        Assert.All(onlyOfB, name => Assert.DoesNotContain(name, text));
    }

    [Theory]
    [InlineData("de-DE,de;q=0.9", "dd.MM.yyyy")]
    [InlineData("en-GB", "dd/MM/yyyy")]
    [InlineData("en-US,en;q=0.9", "M/d/yyyy")]
    public async Task Dates_are_written_as_the_readers_language_writes_them(string acceptLanguage, string format)
    {
        var customer = $"Dated {Unique.Suffix()}";
        var partner = await app.ApiClientAsync(Demo.PartnerASales);
        var close = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(45));
        await partner.PostJsonAsync("/api/v1/deals", Deal(customer)).ExpectAsync(HttpStatusCode.Created);

        var browser = await app.SignInAsync(Demo.PartnerASales);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/portal/deals");
        request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        var text = Text(await (await browser.SendAsync(request)).Content.ReadAsStringAsync());
        Assert.Contains($"{customer} 50,000.00 EUR {close.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}", text);
    }

    [Fact]
    public async Task The_console_home_counts_the_cams_review_work()
    {
        var partner = await app.ApiClientAsync(Demo.PartnerASales);
        await partner.PostJsonAsync("/api/v1/deals", Deal($"Waiting {Unique.Suffix()}")).ExpectAsync(HttpStatusCode.Created);
        var expected = await app.WithDbAsync(db => db.Deals.CountAsync(d => d.Status == Allyward.Deals.DealStatus.Submitted
            && db.Set<Allyward.Partners.Partner>().Any(p => p.Id == d.PartnerId && db.Users.Any(u => u.Id == p.OwnerId && u.Email == Demo.Cam))));

        var browser = await app.SignInAsync(Demo.Cam);
        var text = Text(await (await browser.GetAsync("/console").ExpectAsync(HttpStatusCode.OK)).Content.ReadAsStringAsync());
        Assert.Contains("Deals to review — your partners", text);
        Assert.Matches($@"\b{expected}\s+registrations? waits? for a decision", text);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class HomePageOnSqlite(SqliteApp app) : HomePageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class HomePageOnPostgres(PostgresApp app) : HomePageTests(app);
