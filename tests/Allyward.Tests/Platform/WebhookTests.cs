using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Tests.Platform;

public abstract class WebhookTests(AllywardApp app)
{
    /// <summary>A receiving endpoint on loopback that records what it gets and answers with a chosen status.</summary>
    private sealed class Receiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        public List<(Dictionary<string, string> Headers, string Body)> Received { get; } = [];
        public int Status { get; set; } = 200;
        public string Url { get; }

        public Receiver()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}/hooks/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(LoopAsync);
        }

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); } catch (Exception) { return; }
                using var reader = new StreamReader(context.Request.InputStream);
                var body = await reader.ReadToEndAsync();
                lock (Received) Received.Add((context.Request.Headers.AllKeys.ToDictionary(k => k!.ToLowerInvariant(), k => context.Request.Headers[k]!), body));
                context.Response.StatusCode = Status;
                context.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }

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
        using var receiver = new Receiver();
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
    public async Task Closing_a_deal_and_changing_its_distributor_are_events_too()
    {
        using var receiver = new Receiver();
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
        using var receiver = new Receiver { Status = 503 };
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
public sealed class WebhookTargetTests : IAsyncLifetime
{
    private sealed class PublicOnlyApp : AllywardApp
    {
        public override Allyward.Platform.Data.DatabaseProvider Provider => Allyward.Platform.Data.DatabaseProvider.Sqlite;
        protected override string ConnectionString => $"Data Source={Path.Combine(DataFolder, "allyward.db")}";
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Webhooks:AllowPrivateNetworks", "false")];
    }

    private readonly PublicOnlyApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Internal_addresses_are_refused_when_subscribing_and_when_delivering()
    {
        var admin = await _app.ApiClientAsync(Demo.Admin);
        foreach (var url in new[] { "http://127.0.0.1:9/hook", "http://localhost/hook", "http://10.1.2.3/hook", "http://[::1]/hook", "http://169.254.169.254/latest", "http://192.168.0.10/" })
        {
            var problem = await admin.PostJsonAsync("/api/v1/webhooks", new { url, events = new[] { "deal.submitted" } }).ExpectProblemAsync(HttpStatusCode.BadRequest, "url");
            Assert.Contains("public addresses only", problem.ToJsonString());
        }
        await admin.PostJsonAsync("/api/v1/webhooks", new { url = "https://203.0.113.10/hook", events = new[] { "deal.submitted" } }).ExpectAsync(HttpStatusCode.Created);

        // A name that resolves inside (here: localhost, saved before the rule existed) is refused at connection time.
        var subscription = await _app.WithDbAsync(async db =>
        {
            var hook = new Allyward.Platform.Webhooks.WebhookSubscription
            {
                Url = "http://localhost:9/hook", Events = ["deal.submitted"], Secret = "whsec_test", CreatedAt = DateTime.UtcNow,
            };
            db.WebhookSubscriptions.Add(hook);
            await db.SaveChangesAsync();
            return hook.Id;
        });
        var partner = await _app.ApiClientAsync(Demo.PartnerASales);
        await partner.PostJsonAsync("/api/v1/deals", new
        {
            customer = new { companyName = $"Inside job {Unique.Suffix()}", country = "US" }, amount = 1, currency = "USD",
            expectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10)),
        }).ExpectAsync(HttpStatusCode.Created);
        await _app.DrainOutboxAsync();
        var attempts = await _app.WithDbAsync(db => db.WebhookDeliveries.Where(d => d.SubscriptionId == subscription).ToListAsync());
        Assert.NotEmpty(attempts);
        Assert.NotEmpty(attempts);
        Assert.All(attempts, a => Assert.False(a.Succeeded));
        Assert.Contains(attempts, a => a.Error != null && a.Error.Contains("public addresses only"));
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("2001:4860:4860::8888", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("172.20.1.1", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("::ffff:192.168.1.1", false)]
    public void Public_and_internal_addresses_are_told_apart(string address, bool isPublic) =>
        Assert.Equal(isPublic, Allyward.Platform.Webhooks.WebhookTargets.IsPublic(IPAddress.Parse(address)));
}
