using System.Net;
using Allyward.Platform.Data;
using Allyward.Platform.Hosting;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Tests.Platform;

public abstract class OperationsTests(AllywardApp app)
{
    [Fact]
    public async Task Ready_reports_the_database_and_the_outbox_backlog()
    {
        var report = await app.CreateClient().GetAsync("/health/ready").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(report["status"]!.GetValue<string>(), new[] { "Healthy", "Degraded" });
        Assert.Equal("Healthy", report["checks"]!["database"]!["status"]!.GetValue<string>());
        var outbox = report["checks"]!["outbox"]!;
        Assert.True(outbox["data"]!["waiting"]!.GetValue<int>() >= 0);
        Assert.True(outbox["data"]!["oldestAgeSeconds"]!.GetValue<double>() >= 0);
        Assert.True(outbox["data"]!["failed"]!.GetValue<int>() >= 0);
    }

    [Fact]
    public async Task Metrics_for_prometheus_show_requests_the_outbox_and_scheduled_work()
    {
        var client = app.CreateClient();
        await client.GetAsync("/health/live").ExpectAsync(HttpStatusCode.OK);
        // Give a job run the moment it needs at start, and the exporter a fresh scrape.
        string text = "";
        for (var i = 0; i < 50; i++)
        {
            var response = await client.GetAsync("/metrics").ExpectAsync(HttpStatusCode.OK);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
            text = await response.Content.ReadAsStringAsync();
            if (text.Contains("allyward_job_runs_total") && text.Contains("http_server_request_duration_seconds")) break;
            await Task.Delay(200);
        }
        Assert.Contains("http_server_request_duration_seconds_bucket", text);
        Assert.Contains("allyward_outbox_backlog", text);
        Assert.Contains("allyward_outbox_oldest_age_seconds", text);
        Assert.Contains("allyward_outbox_failed", text);
        Assert.Contains("allyward_job_runs_total{", text);
        Assert.Contains("allyward_job_failures_total{", text);
        Assert.Contains("job=\"DealExpiryWorker\"", text);
    }

    [Fact]
    public async Task The_request_id_follows_a_request_into_the_outbox_messages_it_queues()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var invited = await cam.PostJsonAsync("/api/v1/partners", Unique.Partner()).ExpectAsync(HttpStatusCode.Created);
        var partnerId = (await invited.ReadJsonAsync())["id"]!.GetValue<string>();
        var response = await cam.PostJsonAsync($"/api/v1/partners/{partnerId}/users",
            new { email = Unique.Email("traced"), fullName = "Traced Person", role = "PartnerAdmin" }).ExpectAsync(HttpStatusCode.Created);
        var requestId = Assert.Single(response.Headers.GetValues(RequestIds.Header));
        Assert.False(string.IsNullOrEmpty(requestId));
        var queued = await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.RequestId == requestId).Select(m => m.Type).ToListAsync());
        Assert.NotEmpty(queued);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OperationsOnSqlite(SqliteApp app) : OperationsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class OperationsOnPostgres(PostgresApp app) : OperationsTests(app);

public sealed class DatabaseOutageTests
{
    private sealed class UnreachableDatabaseApp : AllywardApp
    {
        public override DatabaseProvider Provider => DatabaseProvider.Postgres;
        protected override string ConnectionString => "Host=127.0.0.1;Port=1;Username=nobody;Password=x;Timeout=2";
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Database:MigrateOnStartup", "false")];
    }

    [Fact]
    public async Task Api_requests_get_503_with_retry_after_when_the_database_is_unreachable_never_500()
    {
        await using var app = new UnreachableDatabaseApp();
        await app.InitializeAsync();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "aw_not-a-real-token-but-well-formed");
        foreach (var request in new Func<Task<HttpResponseMessage>>[]
                 {
                     () => client.GetAsync("/api/v1/partners"),
                     () => client.PostJsonAsync("/api/v1/deals", new { amount = 1 }),
                 })
        {
            var response = await request();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.ReadJsonAsync();
            Assert.Equal(503, problem["status"]!.GetValue<int>());
        }
        var ready = await app.CreateClient().GetAsync("/health/ready").ExpectJsonAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Unhealthy", ready["checks"]!["database"]!["status"]!.GetValue<string>());
    }
}
