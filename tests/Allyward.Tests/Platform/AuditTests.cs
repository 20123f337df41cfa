using System.Net;
using Allyward.Platform.Audit;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Tests.Platform;

public abstract class AuditTests(AllywardApp app)
{
    [Fact]
    public async Task Creates_updates_and_stage_changes_are_recorded_with_before_and_after()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var id = (await cam.PostJsonAsync("/api/v1/partners", Unique.Partner("Audited Partner")).ExpectJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await cam.PutJsonAsync($"/api/v1/partners/{id}", Unique.Partner("Audited Partner Renamed")).ExpectAsync(HttpStatusCode.OK);
        await cam.PostJsonAsync($"/api/v1/partners/{id}/stage-transitions", new { to = "Approved", reason = "Good fit" }).ExpectAsync(HttpStatusCode.Created);

        var admin = await app.ApiClientAsync(Demo.Admin);
        var log = await admin.GetAsync($"/api/v1/audit?partnerId={id}&pageSize=50").ExpectJsonAsync(HttpStatusCode.OK);
        var entries = log["items"]!.AsArray();
        var actions = entries.Select(e => e!["action"]!.GetValue<string>()).ToList();
        Assert.Contains("partner.created", actions);
        Assert.Contains("partner.updated", actions);
        Assert.Contains("partner.stage-changed", actions);
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.Equal("Marcus Webb", e!["actorName"]!.GetValue<string>()));

        var rename = entries.First(e => e!["action"]!.GetValue<string>() == "partner.updated" && e["changes"]!.GetValue<string>().Contains("\"Name\""));
        Assert.Contains("\"before\":\"Audited Partner\"", rename!["changes"]!.GetValue<string>());
        Assert.Contains("\"after\":\"Audited Partner Renamed\"", rename["changes"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_log_filters_by_action_and_hides_secrets()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var tokens = await admin.GetAsync("/api/v1/audit?action=api-token.created&pageSize=200").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.NotEmpty(tokens["items"]!.AsArray());
        Assert.NotEmpty(tokens["items"]!.AsArray());
        Assert.All(tokens["items"]!.AsArray(), e =>
        {
            Assert.Equal("api-token.created", e!["action"]!.GetValue<string>());
            Assert.DoesNotContain("\"Hash\"", e["changes"]!.GetValue<string>());
        });
        var users = await admin.GetAsync("/api/v1/audit?action=app-user&pageSize=200").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.NotEmpty(users["items"]!.AsArray());
        Assert.All(users["items"]!.AsArray(), e => Assert.DoesNotContain("PasswordHash", e!["changes"]?.GetValue<string>() ?? ""));
    }

    [Fact]
    public async Task Only_program_admins_read_the_log()
    {
        await (await app.ApiClientAsync(Demo.Cam)).GetAsync("/api/v1/audit").ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await app.ApiClientAsync(Demo.PartnerAAdmin)).GetAsync("/api/v1/audit").ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Entries_cannot_be_changed_or_deleted()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithDbAsync(async db =>
        {
            var entry = await db.AuditEntries.FirstAsync();
            db.AuditEntries.Remove(entry);
            return await db.SaveChangesAsync();
        }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithDbAsync(async db =>
        {
            var entry = await db.AuditEntries.FirstAsync();
            db.Entry(entry).Property(e => e.ActorName).CurrentValue = "someone else";
            return await db.SaveChangesAsync();
        }));
    }

    [Fact]
    public async Task The_console_page_lists_entries_for_admins()
    {
        var browser = await app.SignInAsync(Demo.Admin);
        var page = await browser.GetAsync("/console/audit");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Audit log", await page.Content.ReadAsStringAsync());
        var cam = await app.SignInAsync(Demo.Cam);
        Assert.Equal(HttpStatusCode.Redirect, (await cam.GetAsync("/console/audit")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AuditOnSqlite(SqliteApp app) : AuditTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AuditOnPostgres(PostgresApp app) : AuditTests(app);
