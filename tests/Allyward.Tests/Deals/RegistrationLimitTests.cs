using System.Net;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Tests.Deals;

/// <summary>Registrations are limited per user and per partner; a fresh app with low limits shows both.</summary>
public sealed class RegistrationLimitTests
{
    private sealed class LowLimitApp : AllywardApp
    {
        public override Allyward.Platform.Data.DatabaseProvider Provider => Allyward.Platform.Data.DatabaseProvider.Sqlite;
        protected override string ConnectionString => $"Data Source={Path.Combine(DataFolder, "limit.db")}";
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
            [new("Deals:RegistrationsPerUserPerMinute", "2"), new("Deals:RegistrationsPerPartnerPerMinute", "3")];
    }

    private static object Deal(string company) => new
    {
        customer = new { companyName = company, country = "DE" }, amount = 1000, currency = "EUR",
        expectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)),
    };

    [Fact]
    public async Task A_user_past_their_limit_and_a_partner_past_its_limit_get_429_with_retry_after_and_nothing_is_registered()
    {
        await using var app = new LowLimitApp();
        await app.InitializeAsync();
        var sales = await app.ApiClientAsync(Demo.PartnerASales);
        var admin = await app.ApiClientAsync(Demo.PartnerAAdmin);
        var before = await app.WithDbAsync(db => db.Deals.CountAsync());

        for (var i = 0; i < 2; i++) await sales.PostJsonAsync("/api/v1/deals", Deal($"Limited {i}")).ExpectAsync(HttpStatusCode.Created);
        var userRefusal = await sales.PostJsonAsync("/api/v1/deals", Deal("Limited by user"));
        Assert.True(userRefusal.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After says how long to wait");
        var problem = await Task.FromResult(userRefusal).ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(problem["retryAfterSeconds"]!.GetValue<int>() >= 1);

        // A colleague at the same partner has an allowance of their own, until the partner's runs out.
        await admin.PostJsonAsync("/api/v1/deals", Deal("Limited 2")).ExpectAsync(HttpStatusCode.Created);
        await admin.PostJsonAsync("/api/v1/deals", Deal("Limited by partner")).ExpectProblemAsync(HttpStatusCode.TooManyRequests);

        // Another partner is not held back by the first one's registrations.
        var other = await app.ApiClientAsync(Demo.PartnerBSales);
        await other.PostJsonAsync("/api/v1/deals", Deal("Other partner")).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(before + 4, await app.WithDbAsync(db => db.Deals.CountAsync()));
        Assert.False(await app.WithDbAsync(db => db.Deals.AnyAsync(d => d.CustomerName.StartsWith("Limited by"))));
    }
}
