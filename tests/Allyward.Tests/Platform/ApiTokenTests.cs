using System.Net;
using System.Net.Http.Headers;
using Allyward.Platform.Tokens;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Tests.Platform;

public abstract class ApiTokenTests(AllywardApp app)
{
    private HttpClient WithToken(string token)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task A_token_is_shown_once_stored_hashed_and_acts_as_its_user()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var sales = await app.UserAsync(Demo.PartnerBSales);
        var created = await admin.PostJsonAsync("/api/v1/tokens", new { userId = sales.Id, name = "CRM sync", expiresInDays = 30 })
            .ExpectJsonAsync(HttpStatusCode.Created);
        var secret = created["token"]!.GetValue<string>();

        Assert.StartsWith("aw_", secret);
        Assert.False(await app.WithDbAsync(db => db.ApiTokens.AnyAsync(t => t.Hash == secret)));
        Assert.True(await app.WithDbAsync(db => db.ApiTokens.AnyAsync(t => t.Hash == ApiToken.HashOf(secret))));
        var listed = await admin.GetAsync("/api/v1/tokens?pageSize=200").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(secret, listed.ToJsonString());

        var asSales = WithToken(secret);
        var me = await asSales.GetAsync("/api/v1/me").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(Demo.PartnerBSales, me["email"]!.GetValue<string>());
        var partners = await asSales.GetAsync("/api/v1/partners").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(Demo.PartnerB, partners["items"]![0]!["name"]!.GetValue<string>());
        // A sales rep may not invite colleagues, and neither may its token.
        await asSales.PostJsonAsync($"/api/v1/partners/{sales.PartnerId}/users", new { email = Unique.Email(), fullName = "X", role = "PartnerSales" })
            .ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Revoked_expired_and_unknown_tokens_are_refused()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var created = await admin.PostJsonAsync("/api/v1/tokens", new { name = "short-lived" }).ExpectJsonAsync(HttpStatusCode.Created);
        var secret = created["token"]!.GetValue<string>();
        await WithToken(secret).GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.OK);

        await admin.DeleteAsync($"/api/v1/tokens/{created["id"]}").ExpectAsync(HttpStatusCode.OK);
        await WithToken(secret).GetAsync("/api/v1/me").ExpectProblemAsync(HttpStatusCode.Unauthorized);

        var expiring = await admin.PostJsonAsync("/api/v1/tokens", new { name = "expiring" }).ExpectJsonAsync(HttpStatusCode.Created);
        var id = Guid.Parse(expiring["id"]!.GetValue<string>());
        await app.WithDbAsync(db => db.ApiTokens.Where(t => t.Id == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))));
        await WithToken(expiring["token"]!.GetValue<string>()).GetAsync("/api/v1/me").ExpectProblemAsync(HttpStatusCode.Unauthorized);

        await WithToken("aw_made_up").GetAsync("/api/v1/me").ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Partner_admins_manage_tokens_of_their_own_organization_only()
    {
        var partnerAdmin = await app.ApiClientAsync(Demo.PartnerAAdmin);
        var colleague = await app.UserAsync(Demo.PartnerASales);
        var outsider = await app.UserAsync(Demo.PartnerBSales);
        var vendor = await app.UserAsync(Demo.Cam);

        await partnerAdmin.PostJsonAsync("/api/v1/tokens", new { userId = colleague.Id, name = "colleague" }).ExpectAsync(HttpStatusCode.Created);
        await partnerAdmin.PostJsonAsync("/api/v1/tokens", new { userId = outsider.Id, name = "outsider" }).ExpectProblemAsync(HttpStatusCode.NotFound);
        await partnerAdmin.PostJsonAsync("/api/v1/tokens", new { userId = vendor.Id, name = "vendor" }).ExpectProblemAsync(HttpStatusCode.NotFound);

        var listed = await partnerAdmin.GetAsync("/api/v1/tokens?pageSize=200").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.NotEmpty(listed["items"]!.AsArray());
        Assert.All(listed["items"]!.AsArray(), t => Assert.EndsWith("@northwindsystems.com", t!["userEmail"]!.GetValue<string>()));

        await (await app.ApiClientAsync(Demo.PartnerASales)).GetAsync("/api/v1/tokens").ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await app.ApiClientAsync(Demo.Cam)).GetAsync("/api/v1/tokens").ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("""{"name":""}""", "name")]
    [InlineData("""{"name":"x","expiresInDays":0}""", "expiresInDays")]
    [InlineData("""{"name":"x","expiresInDays":366}""", "expiresInDays")]
    [InlineData("""{"name":"x","userId":"not-a-guid"}""", "userId")]
    public async Task Invalid_token_requests_are_refused(string json, string field)
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var before = await app.WithDbAsync(db => db.ApiTokens.CountAsync());
        await admin.PostRawAsync("/api/v1/tokens", json).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await app.WithDbAsync(db => db.ApiTokens.CountAsync()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ApiTokensOnSqlite(SqliteApp app) : ApiTokenTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ApiTokensOnPostgres(PostgresApp app) : ApiTokenTests(app);
