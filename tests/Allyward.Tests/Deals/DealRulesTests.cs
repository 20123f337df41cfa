using Allyward.Customers;
using System.Net;
using System.Text;
using Allyward.Deals;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Tests.Deals;

public abstract class DealRulesTests(AllywardApp app)
{
    private static object Deal(string company) => new
    {
        customer = new { companyName = company, country = "FR" },
        amount = 50_000_00,
        currency = "EUR",
        expectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)),
    };

    /// <summary>Sales reps of several active partners, each with an API token.</summary>
    private async Task<List<HttpClient>> SalesRepsOfNewPartnersAsync(int count)
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var clients = new List<HttpClient>();
        for (var i = 0; i < count; i++)
        {
            var partner = await cam.PostJsonAsync("/api/v1/partners", new
            {
                name = $"Racer {i} {Unique.Suffix()}", type = "Reseller", country = "FR", region = "Europe", sizeBand = "Small", stage = "Active",
            }).ExpectJsonAsync(HttpStatusCode.Created);
            var email = Unique.Email($"racer{i}");
            await cam.PostJsonAsync($"/api/v1/partners/{partner["id"]}/users", new { email, fullName = $"Racer {i}", role = "PartnerSales" }).ExpectAsync(HttpStatusCode.Created);
            clients.Add(await app.ApiClientAsync(email));
        }
        return clients;
    }

    private async Task WithAutoApprovalAsync(Func<Task> work)
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        await admin.PutJsonAsync("/api/v1/deal-settings", new { autoApproveWithoutConflict = true, protectionDays = 60 }).ExpectAsync(HttpStatusCode.OK);
        try { await work(); }
        finally { await admin.PutJsonAsync("/api/v1/deal-settings", new { autoApproveWithoutConflict = false, protectionDays = 90 }).ExpectAsync(HttpStatusCode.OK); }
    }

    [Fact]
    public async Task Of_registrations_of_one_customer_submitted_at_once_only_one_is_approved_automatically()
    {
        var reps = await SalesRepsOfNewPartnersAsync(6);
        var customer = $"Contested Customer {Unique.Suffix()}";
        await WithAutoApprovalAsync(async () =>
        {
            using var start = new SemaphoreSlim(0);
            var racing = reps.Select(async rep =>
            {
                await start.WaitAsync();
                return await rep.PostJsonAsync("/api/v1/deals", Deal(customer)).ExpectJsonAsync(HttpStatusCode.Created);
            }).ToList();
            start.Release(reps.Count);
            var results = await Task.WhenAll(racing);

            var statuses = results.Select(r => r["status"]!.GetValue<string>()).ToList();
            Assert.Equal(1, statuses.Count(s => s == "Approved"));
            Assert.Equal(reps.Count - 1, statuses.Count(s => s == "Submitted"));
            var winner = results.Single(r => r["status"]!.GetValue<string>() == "Approved");
            Assert.InRange(winner["protectedUntil"]!.GetValue<DateTime>(), DateTime.UtcNow.AddDays(59), DateTime.UtcNow.AddDays(61));
            // Every later registration was told it conflicts.
            Assert.All(results.Where(r => r != winner), r => Assert.NotEmpty(r["conflicts"]!.AsArray()));
            var stored = await app.WithDbAsync(db => db.Deals.Where(d => d.CustomerName == customer).OrderBy(d => d.SubmittedAt).Select(d => d.Status).ToListAsync());
            Assert.Equal(DealStatus.Approved, stored[0]);
        });
    }

    [Fact]
    public async Task The_approval_lock_holds_back_the_same_customer_typed_differently_and_lets_others_through()
    {
        await using var first = app.Services.CreateAsyncScope();
        await using var second = app.Services.CreateAsyncScope();
        await using var third = app.Services.CreateAsyncScope();
        var name = $"Contested Widgets {Unique.Suffix()}";
        static Task<Allyward.Deals.RegisterDeal.RegistrationLock> BeginAsync(AsyncServiceScope scope, string customer) => Allyward.Deals.RegisterDeal.RegistrationLock.BeginAsync(
            scope.ServiceProvider.GetRequiredService<Allyward.Platform.Data.AllywardDbContext>(), scope.ServiceProvider.GetRequiredService<Allyward.Deals.Conflicts.ConflictFinder>(),
            Allyward.Customers.CustomerIdentity.Of(customer, null, null), default);
        var held = await BeginAsync(first, name + " GmbH");

        var sameCustomer = BeginAsync(second, name.Replace("Widgets", "Widgts"));
        await using (var unrelated = await BeginAsync(third, $"Unrelated Holdings {Unique.Suffix()}")
            .WaitAsync(TimeSpan.FromSeconds(10)))
        {
            await Task.Delay(300);
            Assert.False(sameCustomer.IsCompleted, "The same customer waits while another registration of it is being decided.");
        }

        await held.CommitAsync(default);
        await held.DisposeAsync();
        await using var next = await sameCustomer.WaitAsync(TimeSpan.FromSeconds(10));
        await next.CommitAsync(default);
    }

    [Theory]
    [InlineData("""{"autoApproveWithoutConflict":true,"protectionDays":0}""", "protectionDays")]
    [InlineData("""{"protectionDays":30}""", "autoApproveWithoutConflict")]
    public async Task Invalid_rules_are_refused(string json, string field)
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/deal-settings") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        await admin.SendAsync(request).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        await (await app.ApiClientAsync(Demo.Cam)).PutJsonAsync("/api/v1/deal-settings", new { autoApproveWithoutConflict = true, protectionDays = 10 })
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_deal_conflicts_while_submitted_and_while_protected_but_not_once_protection_has_passed()
    {
        var company = $"Lapsing {Unique.Suffix()} Logistics";
        var deal = await (await app.ApiClientAsync(Demo.PartnerASales)).PostJsonAsync("/api/v1/deals", Deal(company)).ExpectJsonAsync(HttpStatusCode.Created);
        var id = Guid.Parse(deal["id"]!.GetValue<string>());
        var cam = await app.ApiClientAsync(Demo.Cam);
        async Task<int> MatchesAsync() => (await cam.PostJsonAsync("/api/v1/deals/conflict-check", new { customer = new { companyName = company, country = "FR" } })
            .ExpectJsonAsync(HttpStatusCode.OK))["matches"]!.AsArray().Count(m => m!["dealId"]!.GetValue<Guid>() == id);

        Assert.Equal(1, await MatchesAsync());
        await cam.PostJsonAsync($"/api/v1/deals/{id}/approve", new { }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, await MatchesAsync());
        // Protection has run out, and the expiry job has not come by yet: the deal no longer protects the customer.
        await app.WithDbAsync(db => db.Deals.Where(d => d.Id == id).ExecuteUpdateAsync(s => s.SetProperty(d => d.ProtectedUntil, DateTime.UtcNow.AddMinutes(-1))));
        Assert.Equal(0, await MatchesAsync());
    }

    [Fact]
    public async Task Protection_ends_exactly_once_even_when_several_nodes_expire_at_once()
    {
        var partner = await app.ApiClientAsync(Demo.PartnerASales);
        var deal = await partner.PostJsonAsync("/api/v1/deals", Deal($"Expiring {Unique.Suffix()}")).ExpectJsonAsync(HttpStatusCode.Created);
        await (await app.ApiClientAsync(Demo.Cam)).PostJsonAsync($"/api/v1/deals/{deal["id"]}/approve", new { }).ExpectAsync(HttpStatusCode.OK);
        var id = Guid.Parse(deal["id"]!.GetValue<string>());
        await app.WithDbAsync(db => db.Deals.Where(d => d.Id == id).ExecuteUpdateAsync(s => s.SetProperty(d => d.ProtectedUntil, DateTime.UtcNow.AddMinutes(-1))));

        var nodes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => app.WithScopeAsync(sp => sp.GetRequiredService<DealExpiry>().RunAsync())));

        Assert.True(nodes.Sum() >= 1);
        Assert.Equal(DealStatus.Expired, await app.WithDbAsync(db => db.Deals.Where(d => d.Id == id).Select(d => d.Status).SingleAsync()));
        Assert.Equal(1, await app.WithDbAsync(db => db.DealHistory.CountAsync(h => h.DealId == id && h.Action == "expired")));
        // An expired deal leaves conflict search, and keeps no keys for it.
        Assert.Equal(0, await app.WithDbAsync(db => db.DealMatchKeys.CountAsync(k => k.DealId == id)));
        Assert.Empty(await app.WithDbAsync(db => db.Deals.Where(d => d.Id == id).Select(d => d.FiledKeys).SingleAsync()));
        await (await app.ApiClientAsync(Demo.Cam)).PostJsonAsync($"/api/v1/deals/{deal["id"]}/approve", new { }).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_csv_export_neutralises_formulas_and_keeps_to_the_partners_own_deals()
    {
        var partner = await app.ApiClientAsync(Demo.PartnerASales);
        var marker = Unique.Suffix();
        await partner.PostJsonAsync("/api/v1/deals", Deal($"=HYPERLINK(\"http://evil.example\",\"{marker}\")")).ExpectAsync(HttpStatusCode.Created);
        await (await app.ApiClientAsync(Demo.PartnerBSales)).PostJsonAsync("/api/v1/deals", Deal($"Other partner {marker}")).ExpectAsync(HttpStatusCode.Created);

        var response = await partner.GetAsync($"/api/v1/deals/export.csv?search={marker}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var csv = await response.Content.ReadAsStringAsync();
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,partner,customer", lines[0]);
        var row = Assert.Single(lines.Skip(1));
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\"", row);
        Assert.Contains(Demo.PartnerA, row);
        Assert.DoesNotContain("Other partner", csv);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DealRulesOnSqlite(SqliteApp app) : DealRulesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class DealRulesOnPostgres(PostgresApp app) : DealRulesTests(app);
