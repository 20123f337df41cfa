using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Allyward.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Tests.Platform;

public abstract class WebhookTests(AllywardApp app)
{
    private async Task<(string Id, string Secret)> SubscribeAsync(string url, params string[] events)
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var created = await admin.PostJsonAsync("/api/v1/webhooks", new { url, events, description = "CRM" }).ExpectJsonAsync(HttpStatusCode.Created);
        return (created["id"]!.GetValue<string>(), created["secret"]!.GetValue<string>());
    }

    private async Task<string> RegisterDealAsync()
    {
        var partner = await app.ApiClientAsync(Demo.PartnerASales);
        var deal = await partner.PostJsonAsync("/api/v1/deals", new
        {
            customer = new { companyName = $"Hooked {Unique.Suffix()}", country = "US" }, amount = 1, currency = "USD",
            expectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10)),
        }).ExpectJsonAsync(HttpStatusCode.Created);
        return deal["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task Deal_events_are_delivered_signed_and_logged()
    {
        using var receiver = new WebhookReceiver();
        var (id, secret) = await SubscribeAsync(receiver.Url, "deal.submitted", "deal.approved");
        try
        {
            var dealId = await RegisterDealAsync();
            await (await app.ApiClientAsync(Demo.Cam)).PostJsonAsync($"/api/v1/deals/{dealId}/approve", new { }).ExpectAsync(HttpStatusCode.OK);
            await app.DrainOutboxAsync();

            var mine = receiver.Received.Where(r => r.Body.Contains(dealId)).ToList();
            // Deliveries are not ordered (each is retried on its own); the body carries the event time.
            Assert.Equal(new[] { "deal.approved", "deal.submitted" }, mine.Select(r => System.Text.Json.JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()!).Order().ToArray());
            foreach (var (headers, body) in mine)
            {
                var key = Convert.FromBase64String(secret["whsec_".Length..]);
                var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{headers["webhook-id"]}.{headers["webhook-timestamp"]}.{body}")));
                Assert.Equal(expected, headers["webhook-signature"]);
            }
            var log = await (await app.ApiClientAsync(Demo.Admin)).GetAsync($"/api/v1/webhooks/{id}/deliveries").ExpectJsonAsync(HttpStatusCode.OK);
            Assert.True(log["items"]!.AsArray().Count(d => d!["succeeded"]!.GetValue<bool>()) >= 2);
        }
        finally
        {
            await (await app.ApiClientAsync(Demo.Admin)).DeleteAsync($"/api/v1/webhooks/{id}").ExpectAsync(HttpStatusCode.NoContent);
        }
    }

    [Fact]
    public async Task A_test_event_goes_to_one_subscription_signed_with_its_secret_and_a_rotated_secret_signs_from_then_on()
    {
        using var receiver = new WebhookReceiver();
        var (id, secret) = await SubscribeAsync(receiver.Url, "deal.submitted");
        var admin = await app.ApiClientAsync(Demo.Admin);
        try
        {
            var test = await admin.PostAsync($"/api/v1/webhooks/{id}/test", null).ExpectJsonAsync(HttpStatusCode.Accepted);
            var eventId = test["eventId"]!.GetValue<string>();
            await app.DrainOutboxAsync();
            var (headers, body) = Assert.Single(receiver.Received, r => r.Headers["webhook-id"] == eventId);
            Assert.Equal("webhook.test", System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("type").GetString());
            Assert.Equal(Signature(secret, headers, body), headers["webhook-signature"]);

            var rotated = await admin.PostAsync($"/api/v1/webhooks/{id}/rotate-secret", null).ExpectJsonAsync(HttpStatusCode.OK);
            var newSecret = rotated["secret"]!.GetValue<string>();
            Assert.NotEqual(secret, newSecret);
            var listed = await admin.GetAsync("/api/v1/webhooks").ExpectJsonAsync(HttpStatusCode.OK);
            Assert.All(listed["items"]!.AsArray(), s => Assert.Null(s!["secret"]));

            var second = (await admin.PostAsync($"/api/v1/webhooks/{id}/test", null).ExpectJsonAsync(HttpStatusCode.Accepted))["eventId"]!.GetValue<string>();
            await app.DrainOutboxAsync();
            var (newHeaders, newBody) = Assert.Single(receiver.Received, r => r.Headers["webhook-id"] == second);
            Assert.Equal(Signature(newSecret, newHeaders, newBody), newHeaders["webhook-signature"]);

            var log = await admin.GetAsync($"/api/v1/webhooks/{id}/deliveries").ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal(2, log["items"]!.AsArray().Count(d => d!["eventType"]!.GetValue<string>() == "webhook.test" && d["succeeded"]!.GetValue<bool>()));
            var audit = await admin.GetAsync($"/api/v1/audit?action=webhook-subscription.secret-rotated&entityId={id}").ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Single(audit["items"]!.AsArray());
        }
        finally
        {
            await admin.DeleteAsync($"/api/v1/webhooks/{id}").ExpectAsync(HttpStatusCode.NoContent);
        }
        await admin.PostAsync($"/api/v1/webhooks/{id}/test", null).ExpectProblemAsync(HttpStatusCode.NotFound);
        await admin.PostAsync($"/api/v1/webhooks/{id}/rotate-secret", null).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    private static string Signature(string secret, Dictionary<string, string> headers, string body) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]),
            Encoding.UTF8.GetBytes($"{headers["webhook-id"]}.{headers["webhook-timestamp"]}.{body}")));

    [Fact]
    public async Task Closing_a_deal_and_changing_its_distributor_are_events_too()
    {
        using var receiver = new WebhookReceiver();
        var (id, _) = await SubscribeAsync(receiver.Url, "deal.won", "deal.distributor-changed");
        try
        {
            var dealId = await RegisterDealAsync();
            var cam = await app.ApiClientAsync(Demo.Cam);
            var distributor = await app.WithDbAsync(db => db.Partners
                .Where(p => p.Type == Allyward.Partners.Contracts.PartnerType.Distributor && p.Stage == Allyward.Partners.Contracts.PartnerStage.Active && p.Name != Demo.PartnerA)
                .Select(p => p.Id).FirstAsync());
            await cam.PutJsonAsync($"/api/v1/deals/{dealId}/distributor", new { distributorId = distributor }).ExpectAsync(HttpStatusCode.OK);
            await cam.PostJsonAsync($"/api/v1/deals/{dealId}/approve", new { }).ExpectAsync(HttpStatusCode.OK);
            await cam.PostJsonAsync($"/api/v1/deals/{dealId}/close", new { outcome = "Won" }).ExpectAsync(HttpStatusCode.OK);
            await app.DrainOutboxAsync();

            var events = receiver.Received.Where(r => r.Body.Contains(dealId))
                .Select(r => System.Text.Json.JsonDocument.Parse(r.Body).RootElement).ToList();
            Assert.Equal(["deal.distributor-changed", "deal.won"], events.Select(e => e.GetProperty("type").GetString()!).Order().ToArray());
            Assert.NotEmpty(events);
            Assert.All(events, e => Assert.Equal(distributor, e.GetProperty("data").GetProperty("distributorId").GetGuid()));
        }
        finally
        {
            await (await app.ApiClientAsync(Demo.Admin)).DeleteAsync($"/api/v1/webhooks/{id}").ExpectAsync(HttpStatusCode.NoContent);
        }
    }

    [Fact]
    public async Task A_failing_endpoint_is_logged_and_retried_later()
    {
        using var receiver = new WebhookReceiver { Status = 503 };
        var (id, _) = await SubscribeAsync(receiver.Url, "deal.submitted");
        try
        {
            var dealId = await RegisterDealAsync();
            await app.DrainOutboxAsync();
            var subscription = Guid.Parse(id);
            var failed = await app.WithDbAsync(db => db.WebhookDeliveries.Where(d => d.SubscriptionId == subscription).ToListAsync());
            Assert.Contains(failed, d => !d.Succeeded && d.StatusCode == 503);
            var message = await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.Type == "deliver-webhook" && m.Payload.Contains(id)).SingleAsync());
            Assert.Null(message.ProcessedAt);
            Assert.True(message.Attempts >= 1);
            Assert.True(message.NextAttemptAt > DateTime.UtcNow);
            Assert.Contains(receiver.Received, r => r.Body.Contains(dealId));
        }
        finally
        {
            await (await app.ApiClientAsync(Demo.Admin)).DeleteAsync($"/api/v1/webhooks/{id}").ExpectAsync(HttpStatusCode.NoContent);
        }
    }

    [Theory]
    [InlineData("""{"url":"ftp://x.example","events":["deal.submitted"]}""", "url")]
    [InlineData("""{"url":"https://x.example/hook","events":["deal.exploded"]}""", "events")]
    [InlineData("""{"url":"https://x.example/hook","events":[]}""", "events")]
    public async Task Invalid_subscriptions_are_refused(string json, string field)
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        await admin.PostRawAsync("/api/v1/webhooks", json).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        await (await app.ApiClientAsync(Demo.Cam)).GetAsync("/api/v1/webhooks").ExpectProblemAsync(HttpStatusCode.Forbidden);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class WebhooksOnSqlite(SqliteApp app) : WebhookTests(app);

[Collection(PostgresCollection.Name)]
public sealed class WebhooksOnPostgres(PostgresApp app) : WebhookTests(app);

/// <summary>With the default settings a webhook may not make the server call into its own network.</summary>
public sealed class WebhookTargetTests(WebhookTargetTests.PublicOnlyApp app) : IClassFixture<WebhookTargetTests.PublicOnlyApp>
{
    public sealed class PublicOnlyApp : AllywardApp
    {
        public override Allyward.Platform.Data.DatabaseProvider Provider => Allyward.Platform.Data.DatabaseProvider.Sqlite;
        protected override string ConnectionString => $"Data Source={Path.Combine(DataFolder, "allyward.db")}";
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
            [new("Webhooks:AllowPrivateNetworks", "false"), new("Webhooks:MaxSubscriptions", "3")];

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<Allyward.Platform.Webhooks.IWebhookHostResolver>(new NamesForTests()));
        }
    }

    /// <summary>DNS for made-up names; "rebinding" answers a public address once, then an internal one.</summary>
    private sealed class NamesForTests : Allyward.Platform.Webhooks.IWebhookHostResolver
    {
        private int _rebindingLookups;

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Task.FromResult<IPAddress[]>(host switch
        {
            "public.example" => [IPAddress.Parse("93.184.215.14"), IPAddress.Parse("2606:2800:21f:cb07:6820:80da:af6b:8b2c")],
            "inside.example" => [IPAddress.Parse("10.0.0.5")],
            "mixed.example" => [IPAddress.Parse("93.184.215.14"), IPAddress.Parse("127.0.0.1")],
            "metadata.example" => [IPAddress.Parse("64:ff9b::a9fe:a9fe")],
            "teredo.example" => [IPAddress.Parse("2001:0:4136:e378:8000:63bf:3fff:fdd2")],
            "rebinding.example" => [IPAddress.Parse(Interlocked.Increment(ref _rebindingLookups) == 1 ? "93.184.215.14" : "127.0.0.1")],
            _ => throw new SocketException((int)SocketError.HostNotFound),
        });
    }

    /// <summary>
    /// One or more addresses of every range in IANA's IPv4 and IPv6 special-purpose address registries that is not
    /// globally reachable, of the embedded-IPv4 forms, and of multicast and unallocated space; then public addresses.
    /// </summary>
    public static TheoryData<string, bool> Addresses => new()
    {
        // IPv4
        { "0.0.0.0", false }, { "0.1.2.3", false },                       // "this network"
        { "10.0.0.1", false }, { "10.255.255.254", false },               // private-use
        { "100.64.0.1", false }, { "100.127.255.254", false },            // shared address space (CGN)
        { "127.0.0.1", false }, { "127.255.255.254", false },             // loopback
        { "169.254.169.254", false },                                     // link local (cloud metadata)
        { "172.16.0.1", false }, { "172.31.255.254", false },             // private-use
        { "192.0.0.1", false }, { "192.0.0.8", false }, { "192.0.0.170", false }, // IETF protocol assignments, dummy, NAT64 discovery
        { "192.0.2.10", false },                                          // documentation (TEST-NET-1)
        { "192.88.99.1", false },                                         // 6to4 relay anycast (deprecated)
        { "192.168.0.10", false }, { "192.168.255.254", false },          // private-use
        { "198.18.0.1", false }, { "198.19.255.254", false },             // benchmarking
        { "198.51.100.7", false },                                        // documentation (TEST-NET-2)
        { "203.0.113.10", false },                                        // documentation (TEST-NET-3)
        { "224.0.0.1", false }, { "239.255.255.250", false },             // multicast
        { "240.0.0.1", false }, { "255.255.255.254", false },             // reserved
        { "255.255.255.255", false },                                     // limited broadcast
        // IPv6
        { "::", false }, { "::1", false },                                // unspecified, loopback
        { "::ffff:127.0.0.1", false }, { "::ffff:10.0.0.1", false }, { "::ffff:169.254.169.254", false }, { "::ffff:192.168.1.1", false }, // IPv4-mapped
        { "::ffff:0:127.0.0.1", false }, { "::ffff:0:8.8.8.8", false },   // IPv4-translated (SIIT)
        { "::127.0.0.1", false },                                         // IPv4-compatible (deprecated)
        { "64:ff9b::127.0.0.1", false }, { "64:ff9b::10.0.0.1", false }, { "64:ff9b::169.254.169.254", false }, // NAT64 to internal IPv4
        { "64:ff9b:1::1", false }, { "64:ff9b:1:ffff::a00:1", false },    // local-use NAT64
        { "100::1", false },                                              // discard-only
        { "2001::1", false }, { "2001:0:4136:e378:8000:63bf:3fff:fdd2", false }, // Teredo
        { "2001:2::1", false },                                           // benchmarking
        { "2001:10::1", false },                                          // ORCHID (deprecated)
        { "2001:db8::1", false }, { "3fff::1", false },                   // documentation
        { "2002:7f00:1::1", false }, { "2002:808:808::1", false },        // 6to4
        { "5f00::1", false },                                             // segment routing SIDs
        { "fc00::1", false }, { "fd12:3456::1", false },                  // unique local
        { "fe80::1", false }, { "febf::1", false },                       // link-local
        { "fec0::1", false },                                             // site-local (deprecated)
        { "ff02::1", false }, { "ff0e::101", false },                     // multicast
        { "4000::1", false }, { "1::1", false },                          // not global unicast (outside 2000::/3)
        // Public
        { "8.8.8.8", true }, { "1.1.1.1", true }, { "93.184.215.14", true }, { "223.255.255.254", true },
        { "100.63.255.255", true }, { "100.128.0.1", true }, { "172.15.255.255", true }, { "172.32.0.1", true },
        { "198.17.255.255", true }, { "198.20.0.1", true }, { "192.0.3.1", true },
        { "192.0.0.9", true },                                            // PCP anycast: globally reachable inside 192.0.0.0/24
        { "2001:4860:4860::8888", true }, { "2606:4700:4700::1111", true }, { "2a00:1450:4001:80b::200e", true },
        { "::ffff:8.8.8.8", true },                                       // IPv4-mapped public address
        { "64:ff9b::8.8.8.8", true },                                     // NAT64 to a public IPv4 address
    };

    [Theory]
    [MemberData(nameof(Addresses))]
    public void Addresses_that_are_not_globally_reachable_are_internal(string address, bool isPublic) =>
        Assert.Equal(isPublic, Allyward.Platform.Webhooks.WebhookTargets.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public async Task Subscriptions_are_capped_and_a_deleted_one_leaves_the_list_and_frees_its_place()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        async Task<List<string>> ActiveAsync() =>
            [.. (await admin.GetAsync("/api/v1/webhooks").ExpectJsonAsync(HttpStatusCode.OK))["items"]!.AsArray().Select(s => s!["id"]!.GetValue<string>())];
        Task<HttpResponseMessage> SubscribeAsync() => admin.PostJsonAsync("/api/v1/webhooks", new { url = "https://public.example/hook", events = new[] { "deal.submitted" } });

        var created = new List<string>();
        try
        {
            while ((await ActiveAsync()).Count < 3) created.Add((await SubscribeAsync().ExpectJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>());
            var refused = await SubscribeAsync().ExpectProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("already 3", refused["detail"]!.GetValue<string>());
            Assert.Equal(3, (await ActiveAsync()).Count);

            var deleted = created[0];
            await admin.DeleteAsync($"/api/v1/webhooks/{deleted}").ExpectAsync(HttpStatusCode.NoContent);
            created.RemoveAt(0);
            Assert.DoesNotContain(deleted, await ActiveAsync());
            created.Add((await SubscribeAsync().ExpectJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>());
        }
        finally
        {
            foreach (var id in created) await admin.DeleteAsync($"/api/v1/webhooks/{id}");
        }
    }

    [Fact]
    public async Task A_url_naming_any_internal_address_is_refused_and_a_public_one_accepted()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var wrong = new List<string>();
        foreach (var row in Addresses)
        {
            var (address, isPublic) = ((string)row[0], (bool)row[1]);
            var host = IPAddress.Parse(address).AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address;
            var response = await admin.PostJsonAsync("/api/v1/webhooks", new { url = $"https://{host}/hook", events = new[] { "deal.submitted" } });
            if (response.StatusCode == HttpStatusCode.Created)
            {
                // Delivered to nobody: the subscription only shows that the address is accepted.
                var id = (await response.ReadJsonAsync())["id"]!.GetValue<string>();
                await admin.DeleteAsync($"/api/v1/webhooks/{id}").ExpectAsync(HttpStatusCode.NoContent);
            }
            var expected = isPublic ? HttpStatusCode.Created : HttpStatusCode.BadRequest;
            if (response.StatusCode != expected) wrong.Add($"{address}: {(int)response.StatusCode}");
            else if (!isPublic)
            {
                var problem = await response.ReadJsonAsync();
                if (problem["errors"]?["url"] is null || !problem.ToJsonString().Contains("public addresses only")) wrong.Add($"{address}: {problem.ToJsonString()}");
            }
        }
        Assert.True(wrong.Count == 0, "Answered wrongly for: " + string.Join("; ", wrong));
    }

    [Theory]
    [InlineData("https://a\u2066b.example/hook")]
    [InlineData("https://pay\u200Bpal.example/hook")]
    [InlineData("https://a\uFFFFb.example/hook")]
    public async Task A_url_whose_host_is_no_domain_name_is_a_field_error(string url)
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        await admin.PostJsonAsync("/api/v1/webhooks", new { url, events = new[] { "deal.submitted" } }).ExpectProblemAsync(HttpStatusCode.BadRequest, "url");
    }

    [Fact]
    public async Task Names_are_judged_by_what_they_resolve_to_when_subscribing_and_again_when_delivering()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        foreach (var host in new[] { "inside.example", "mixed.example", "metadata.example", "teredo.example" })
        {
            var problem = await admin.PostJsonAsync("/api/v1/webhooks", new { url = $"https://{host}/hook", events = new[] { "deal.submitted" } })
                .ExpectProblemAsync(HttpStatusCode.BadRequest, "url");
            Assert.Contains("public addresses only", problem.ToJsonString());
        }
        foreach (var host in new[] { "public.example", "unknown.example" })
        {
            var created = await admin.PostJsonAsync("/api/v1/webhooks", new { url = $"https://{host}/hook", events = new[] { "deal.submitted" } })
                .ExpectJsonAsync(HttpStatusCode.Created);
            await admin.DeleteAsync($"/api/v1/webhooks/{created["id"]}").ExpectAsync(HttpStatusCode.NoContent);
        }

        // Public when subscribing, internal when delivering: the connection is refused.
        var rebinding = await admin.PostJsonAsync("/api/v1/webhooks", new { url = "http://rebinding.example:9/hook", events = new[] { "deal.submitted" } })
            .ExpectJsonAsync(HttpStatusCode.Created);
        var subscription = Guid.Parse(rebinding["id"]!.GetValue<string>());
        try
        {
            await (await app.ApiClientAsync(Demo.PartnerASales)).PostJsonAsync("/api/v1/deals", new
            {
                customer = new { companyName = $"Rebound {Unique.Suffix()}", country = "US" }, amount = 1, currency = "USD",
                expectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10)),
            }).ExpectAsync(HttpStatusCode.Created);
            await app.DrainOutboxAsync();
            var attempts = await app.WithDbAsync(db => db.WebhookDeliveries.Where(d => d.SubscriptionId == subscription).ToListAsync());
            Assert.NotEmpty(attempts);
            Assert.All(attempts, a => Assert.False(a.Succeeded));
            Assert.Contains(attempts, a => a.Error != null && a.Error.Contains("public addresses only"));
        }
        finally
        {
            await admin.DeleteAsync($"/api/v1/webhooks/{subscription}").ExpectAsync(HttpStatusCode.NoContent);
        }
    }

    [Fact]
    public async Task Internal_addresses_are_refused_when_subscribing_and_when_delivering()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        foreach (var url in new[] { "http://127.0.0.1:9/hook", "http://localhost/hook", "http://10.1.2.3/hook", "http://[::1]/hook", "http://169.254.169.254/latest", "http://192.168.0.10/" })
        {
            var problem = await admin.PostJsonAsync("/api/v1/webhooks", new { url, events = new[] { "deal.submitted" } }).ExpectProblemAsync(HttpStatusCode.BadRequest, "url");
            Assert.Contains("public addresses only", problem.ToJsonString());
        }

        // A name that resolves inside (here: localhost, saved before the rule existed) is refused at connection time.
        var subscription = await app.WithDbAsync(async db =>
        {
            var hook = new Allyward.Platform.Webhooks.WebhookSubscription
            {
                Url = "http://localhost:9/hook", Events = ["deal.submitted"], Secret = "whsec_test", CreatedAt = DateTime.UtcNow,
            };
            db.WebhookSubscriptions.Add(hook);
            await db.SaveChangesAsync();
            return hook.Id;
        });
        var partner = await app.ApiClientAsync(Demo.PartnerASales);
        await partner.PostJsonAsync("/api/v1/deals", new
        {
            customer = new { companyName = $"Inside job {Unique.Suffix()}", country = "US" }, amount = 1, currency = "USD",
            expectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10)),
        }).ExpectAsync(HttpStatusCode.Created);
        await app.DrainOutboxAsync();
        var attempts = await app.WithDbAsync(db => db.WebhookDeliveries.Where(d => d.SubscriptionId == subscription).ToListAsync());
        Assert.NotEmpty(attempts);
        Assert.All(attempts, a => Assert.False(a.Succeeded));
        Assert.Contains(attempts, a => a.Error != null && a.Error.Contains("public addresses only"));
    }
}
