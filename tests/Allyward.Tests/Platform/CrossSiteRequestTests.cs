using System.Net;
using Allyward.Tests.Infrastructure;

namespace Allyward.Tests.Platform;

/// <summary>
/// The API takes no antiforgery token, so a change made with the session cookie must come from a page of this site
/// (Origin, or Referer without Origin); calls with an API token are unaffected.
/// </summary>
public abstract class CrossSiteRequestTests(AllywardApp app)
{
    private async Task<Guid> SubmittedDealAsync()
    {
        var partner = await app.ApiClientAsync(Demo.PartnerASales);
        var deal = await partner.PostJsonAsync("/api/v1/deals", new
        {
            customer = new { companyName = $"Tailspin {Unique.Suffix()} Toys", country = "DE" }, amount = 1000, currency = "EUR",
            expectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(40)),
        }).ExpectJsonAsync(HttpStatusCode.Created);
        return deal["id"]!.GetValue<Guid>();
    }

    private async Task<string> StatusOfAsync(Guid dealId) =>
        (await (await app.ApiClientAsync(Demo.Cam)).GetAsync($"/api/v1/deals/{dealId}").ExpectJsonAsync(HttpStatusCode.OK))["status"]!.GetValue<string>();

    private static HttpRequestMessage Approve(Guid dealId, string? origin = null, string? referer = null)
    {
        // As a form or script of another site sends it: no body, no content type.
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/deals/{dealId}/approve");
        if (origin is not null) request.Headers.Add("Origin", origin);
        if (referer is not null) request.Headers.Referrer = new Uri(referer);
        return request;
    }

    [Fact]
    public async Task A_cookie_signed_in_change_from_another_site_or_from_nowhere_is_refused()
    {
        var dealId = await SubmittedDealAsync();
        var cam = await app.SignInAsync(Demo.Cam);
        cam.DefaultRequestHeaders.Remove("Origin");

        var foreign = await cam.SendAsync(Approve(dealId, origin: "http://evil.example")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("API token", foreign["detail"]!.GetValue<string>());
        await cam.SendAsync(Approve(dealId, referer: "http://evil.example/page")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await cam.SendAsync(Approve(dealId, origin: "null")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await cam.SendAsync(Approve(dealId)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await cam.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/tokens/{Guid.NewGuid()}") { Headers = { { "Origin", "http://evil.example" } } })
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("Submitted", await StatusOfAsync(dealId));

        // Reading needs no origin; a change from a page of this site goes through.
        await cam.GetAsync($"/api/v1/deals/{dealId}").ExpectAsync(HttpStatusCode.OK);
        await cam.SendAsync(Approve(dealId, referer: "http://localhost/console/deals")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Approved", await StatusOfAsync(dealId));
    }

    [Fact]
    public async Task Calls_with_an_api_token_need_no_origin()
    {
        var dealId = await SubmittedDealAsync();
        var cam = await app.ApiClientAsync(Demo.Cam);
        await cam.SendAsync(Approve(dealId)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Approved", await StatusOfAsync(dealId));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CrossSiteRequestsOnSqlite(SqliteApp app) : CrossSiteRequestTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CrossSiteRequestsOnPostgres(PostgresApp app) : CrossSiteRequestTests(app);
