using System.Net;
using Allyward.Platform.Audit;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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
    public async Task Entries_name_the_action_the_object_and_the_partner_in_words()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var name = $"Readable Partner {Unique.Suffix()}";
        var id = (await cam.PostJsonAsync("/api/v1/partners", Unique.Partner(name)).ExpectJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await cam.PostJsonAsync($"/api/v1/partners/{id}/stage-transitions", new { to = "Approved", reason = "Good fit" }).ExpectAsync(HttpStatusCode.Created);

        var admin = await app.ApiClientAsync(Demo.Admin);
        var entries = (await admin.GetAsync($"/api/v1/audit?partnerId={id}&pageSize=50").ExpectJsonAsync(HttpStatusCode.OK))["items"]!.AsArray();
        var created = entries.Single(e => e!["action"]!.GetValue<string>() == "partner.created")!;
        Assert.Equal("Partner created", created["description"]!.GetValue<string>());
        Assert.Equal("Partner", created["entityKind"]!.GetValue<string>());
        Assert.Equal(name, created["entityName"]!.GetValue<string>());
        Assert.Equal(id, created["entityId"]!.GetValue<string>());
        Assert.Equal(name, created["partnerName"]!.GetValue<string>());
        var moved = entries.First(e => e!["action"]!.GetValue<string>() == "partner.stage-changed")!;
        Assert.Equal("Partner stage changed", moved["description"]!.GetValue<string>());
        Assert.Equal(name, moved["partnerName"]!.GetValue<string>());

        var item = await app.WithScopeAsync(async sp => (await sp.GetRequiredService<AuditQuery>()
            .ListAsync(new AuditFilter(Action: "partner.created", EntityId: id), new Allyward.Platform.Api.ListQuery(null, null, null, null))).Value!.Items.Single());
        var fields = item.ChangedFields().ToList();
        Assert.Contains(fields, f => f.Field == "Name" && f.After == name);
        Assert.Contains(fields, f => f.Field == "Size band");
        Assert.DoesNotContain(fields, f => f.Field is "Id" or "Version" || f.Field.Contains("Stamp"));
    }

    [Fact]
    public void Changes_read_as_words_without_sign_in_bookkeeping()
    {
        var item = new AuditItem(Guid.NewGuid(), DateTime.UtcNow, null, "Tests", "app-user.updated", "AppUser", Guid.NewGuid().ToString(), null,
            """{"LastSignInAt":{"before":null,"after":"2026-12-01T10:00:00Z"},"AccessFailedCount":{"before":0,"after":1},"LockoutEnd":{"before":null,"after":"2026-12-01T10:05:00+00:00"},"SecurityStamp":{"before":"a","after":"b"},"ProtectedUntil":{"before":"2026-12-01T00:00:00Z","after":"2027-03-01T00:00:00Z"},"PartnerType":{"before":"Reseller","after":"ManagedServiceProvider"},"IsActive":{"before":true,"after":false}}""",
            null);
        Assert.Equal("User updated", item.Description);
        Assert.Equal("User", item.EntityKind);
        Assert.Equal(
            [("Protected until", "2026-12-01", "2027-03-01"), ("Partner type", "Reseller", "Managed service provider"), ("Is active", "yes", "no")],
            item.ChangedFields().ToList());
    }

    [Fact]
    public async Task Signing_in_and_failing_to_is_no_change_to_the_user()
    {
        var partnerId = await app.NewPartnerAsync();
        var email = await app.NewPartnerUserAsync(partnerId);
        var userId = (await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == email))).Id.ToString();
        Task<int> UserUpdatesAsync() => app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.EntityId == userId && e.Action == "app-user.updated"));
        var before = await UserUpdatesAsync();

        var stranger = app.AnonymousClient();
        await stranger.SubmitFormAsync("/account/login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = "not the password" });
        await app.SignInAsync(email, People.Password);
        var user = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == email));
        Assert.NotNull(user.LastSignInAt);

        Assert.Equal(before, await UserUpdatesAsync());
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
