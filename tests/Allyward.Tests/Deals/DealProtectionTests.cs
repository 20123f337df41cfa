using System.Net;
using Allyward.Deals;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Tests.Deals;

public abstract class DealProtectionTests(AllywardApp app)
{
    private async Task<(HttpClient Partner, HttpClient Cam, string DealId)> ApprovedDealAsync()
    {
        var partner = await app.ApiClientAsync(Demo.PartnerASales);
        var deal = await partner.PostJsonAsync("/api/v1/deals", new
        {
            customer = new { companyName = $"Extended {Unique.Suffix()}", country = "GB" }, amount = 10_000_00, currency = "GBP",
            expectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(100)),
        }).ExpectJsonAsync(HttpStatusCode.Created);
        var cam = await app.ApiClientAsync(Demo.Cam);
        await cam.PostJsonAsync($"/api/v1/deals/{deal["id"]}/approve", new { }).ExpectAsync(HttpStatusCode.OK);
        return (partner, cam, deal["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_granted_extension_protects_the_deal_longer()
    {
        var (partner, cam, id) = await ApprovedDealAsync();
        var before = (await partner.GetAsync($"/api/v1/deals/{id}").ExpectJsonAsync(HttpStatusCode.OK))["protectedUntil"]!.GetValue<DateTime>();

        await partner.PostJsonAsync($"/api/v1/deals/{id}/extension-requests", new { days = 0, reason = "x" }).ExpectProblemAsync(HttpStatusCode.BadRequest, "days");
        await partner.PostJsonAsync($"/api/v1/deals/{id}/extension-requests", new { days = 30 }).ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");
        var request = await partner.PostJsonAsync($"/api/v1/deals/{id}/extension-requests", new { days = 30, reason = "Customer's budget moved to next quarter" })
            .ExpectJsonAsync(HttpStatusCode.Created);
        await partner.PostJsonAsync($"/api/v1/deals/{id}/extension-requests", new { days = 10, reason = "Again" }).ExpectProblemAsync(HttpStatusCode.Conflict);
        await partner.PostAsync($"/api/v1/deals/{id}/extension-requests/{request["id"]}/grant", null).ExpectProblemAsync(HttpStatusCode.NotFound);

        var granted = await cam.PostJsonAsync($"/api/v1/deals/{id}/extension-requests/{request["id"]}/grant", new { note = "Fine" }).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Granted", granted["status"]!.GetValue<string>());
        var after = (await partner.GetAsync($"/api/v1/deals/{id}").ExpectJsonAsync(HttpStatusCode.OK))["protectedUntil"]!.GetValue<DateTime>();
        Assert.Equal(30, Math.Round((after - before).TotalDays));
        await cam.PostJsonAsync($"/api/v1/deals/{id}/extension-requests/{request["id"]}/decline", new { }).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Only_approved_deals_can_be_extended()
    {
        var partner = await app.ApiClientAsync(Demo.PartnerASales);
        var deal = await partner.PostJsonAsync("/api/v1/deals", new
        {
            customer = new { companyName = $"Pending {Unique.Suffix()}", country = "GB" }, amount = 1, currency = "GBP",
            expectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10)),
        }).ExpectJsonAsync(HttpStatusCode.Created);
        await partner.PostJsonAsync($"/api/v1/deals/{deal["id"]}/extension-requests", new { days = 30, reason = "Early" }).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Registrants_are_reminded_once_before_protection_ends()
    {
        var (_, _, id) = await ApprovedDealAsync();
        var dealId = Guid.Parse(id);
        await app.WithDbAsync(db => db.Deals.Where(d => d.Id == dealId).ExecuteUpdateAsync(s => s.SetProperty(d => d.ProtectedUntil, DateTime.UtcNow.AddDays(5))));

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => app.WithScopeAsync(sp => sp.GetRequiredService<DealProtectionReminders>().RunAsync())));

        Assert.True(runs.Sum() >= 1);
        Assert.NotNull(await app.WithDbAsync(db => db.Deals.Where(d => d.Id == dealId).Select(d => d.ExpiryReminderSentAt).SingleAsync()));
        await app.DrainOutboxAsync();
        var sales = await app.UserAsync(Demo.PartnerASales);
        var customer = await app.WithDbAsync(db => db.Deals.Where(d => d.Id == dealId).Select(d => d.CustomerName).SingleAsync());
        Assert.Equal(1, await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == sales.Id && n.Title.EndsWith(customer) && n.Title.StartsWith("Protection ends"))));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DealProtectionOnSqlite(SqliteApp app) : DealProtectionTests(app);

[Collection(PostgresCollection.Name)]
public sealed class DealProtectionOnPostgres(PostgresApp app) : DealProtectionTests(app);
