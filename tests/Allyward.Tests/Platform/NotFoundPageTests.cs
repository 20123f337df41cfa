using System.Net;
using Allyward.Tests.Infrastructure;

namespace Allyward.Tests.Platform;

/// <summary>Unknown and forbidden addresses answer with Allyward's own pages, never a bare browser error.</summary>
public abstract class NotFoundPageTests(AllywardApp app)
{
    private const string NotFoundText = "There is nothing here, or it is not yours to see.";

    [Theory]
    [InlineData(Demo.PartnerAAdmin, "/console")]
    [InlineData(Demo.PartnerAAdmin, "/console/deals")]
    [InlineData(Demo.Admin, "/console/webhooks-that-do-not-exist")]
    [InlineData(Demo.Cam, "/no/such/page")]
    [InlineData(Demo.PartnerASales, "/portal/no-such-page")]
    public async Task An_unknown_or_hidden_page_is_the_apps_not_found_page_with_status_404(string user, string path)
    {
        var browser = await app.SignInAsync(user);
        var response = await browser.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(NotFoundText, html);
        Assert.Contains("<title>Not found · Allyward</title>", html);
    }

    [Fact]
    public async Task A_page_vendor_staff_may_not_open_says_so_on_the_apps_own_page()
    {
        var browser = await app.SignInAsync(Demo.Finance);
        var response = await browser.GetAsync("/console/staff");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/access-denied", response.Headers.Location!.OriginalString.Replace("http://localhost", ""));
        var page = await browser.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Allyward", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Signed_out_an_unknown_page_is_still_the_apps_not_found_page()
    {
        var response = await app.CreateClient().GetAsync("/definitely/not/here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(NotFoundText, await response.Content.ReadAsStringAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class NotFoundPageOnSqlite(SqliteApp app) : NotFoundPageTests(app);
