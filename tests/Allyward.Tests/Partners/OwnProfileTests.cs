using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Tests.Partners;

/// <summary>Partner admins keep their own organization's profile, logo and contacts; what the vendor owns stays the vendor's.</summary>
public abstract class OwnProfileTests(AllywardApp app)
{
    /// <summary>A smallest valid PNG (1×1 pixel).</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    private static readonly byte[] WebP = [.. "RIFF"u8, 26, 0, 0, 0, .. "WEBPVP8L"u8, 13, 0, 0, 0, 0x2f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private static object Profile(string? website = "https://www.own-profile.example", string country = "NL") => new
    {
        description = "We resell and run the platform for hospitals.\nTwenty engineers, three offices.",
        website,
        street = "Keizersgracht 1",
        city = "Amsterdam",
        postalCode = "1015 CJ",
        country,
        industries = new[] { "Healthcare", "Public sector" },
        specializations = new[] { "Security", "Managed services" },
    };

    /// <summary>A partner (Approved, its onboarding plan started) created without a website, industries or specializations, and its admin.</summary>
    private async Task<(Guid PartnerId, string AdminEmail)> BarePartnerWithAdminAsync()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var id = (await cam.PostJsonAsync("/api/v1/partners", new { name = $"Bare Partner {Unique.Suffix()}", type = "Reseller", country = "DE", region = "Europe", sizeBand = "Small" })
            .ExpectJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        await app.MovePartnerAsync(id, "Approved");
        return (id, await app.NewPartnerUserAsync(id, "PartnerAdmin"));
    }

    private static MultipartFormDataContent Image(byte[] bytes, string name, string contentType = "application/octet-stream")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { content, "file", name } };
    }

    private static JsonNode Task(JsonNode plan, string kind) => plan["tasks"]!.AsArray().Single(t => t!["kind"]!.GetValue<string>() == kind)!;

    private Task<string> PartnerRowAsync(Guid id) =>
        app.WithDbAsync(async db => System.Text.Json.JsonSerializer.Serialize(await db.Partners.AsNoTracking().SingleAsync(p => p.Id == id)));

    [Fact]
    public async Task A_partner_admin_edits_the_profile_and_the_vendor_owned_fields_stay_as_they_were()
    {
        var (id, adminEmail) = await BarePartnerWithAdminAsync();
        var admin = await app.ApiClientAsync(adminEmail);
        var cam = await app.ApiClientAsync(Demo.Cam);
        var before = await cam.GetAsync($"/api/v1/partners/{id}").ExpectJsonAsync(HttpStatusCode.OK);

        var saved = await admin.PutJsonAsync($"/api/v1/partners/{id}/profile", Profile()).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("https://www.own-profile.example", saved["website"]!.GetValue<string>());
        Assert.Equal("Keizersgracht 1", saved["street"]!.GetValue<string>());
        Assert.Equal("Amsterdam", saved["city"]!.GetValue<string>());
        Assert.Equal("1015 CJ", saved["postalCode"]!.GetValue<string>());
        Assert.Equal("NL", saved["country"]!.GetValue<string>());
        Assert.Contains("Twenty engineers", saved["description"]!.GetValue<string>());
        Assert.Equal(["Healthcare", "Public sector"], saved["industries"]!.AsArray().Select(i => i!.GetValue<string>()));
        var after = await cam.GetAsync($"/api/v1/partners/{id}").ExpectJsonAsync(HttpStatusCode.OK);
        foreach (var vendorOwned in new[] { "name", "type", "region", "sizeBand", "domain", "ownerId" })
        {
            Assert.Equal(before[vendorOwned]?.ToJsonString(), after[vendorOwned]?.ToJsonString());
        }

        // The vendor's own edit of the partner stays the vendor's (to a partner user, what it may not do does not exist).
        await admin.PutJsonAsync($"/api/v1/partners/{id}", Unique.Partner("Renamed By Partner")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await admin.PostJsonAsync($"/api/v1/partners/{id}/stage-transitions", new { to = "Onboarding", reason = "Self-promotion" }).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(before["name"]!.ToJsonString(), (await cam.GetAsync($"/api/v1/partners/{id}").ExpectJsonAsync(HttpStatusCode.OK))["name"]!.ToJsonString());

        // The channel account manager sees who changed what, on the timeline and in the audit log.
        var timeline = await cam.GetAsync($"/api/v1/partners/{id}/timeline").ExpectJsonAsync(HttpStatusCode.OK);
        var entry = timeline["items"]!.AsArray().First(e => e!["kind"]!.GetValue<string>() == "profile-updated")!;
        Assert.Contains("by the partner", entry["summary"]!.GetValue<string>());
        Assert.Contains("industries", entry["summary"]!.GetValue<string>());
        Assert.Equal("Test Person", entry["actorName"]!.GetValue<string>());
        var adminUser = await app.UserAsync(adminEmail);
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == "Partner" && a.EntityId == id.ToString() && a.ActorId == adminUser.Id).ToListAsync());
        Assert.Contains(audit, a => a.Changes!.Contains("Keizersgracht 1"));
    }

    [Fact]
    public async Task Completing_the_profile_completes_the_onboarding_task_and_moves_the_plan_on()
    {
        var (id, adminEmail) = await BarePartnerWithAdminAsync();
        var admin = await app.ApiClientAsync(adminEmail);
        var plan = await admin.GetAsync($"/api/v1/partners/{id}/onboarding").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Null(Task(plan, "complete-profile")["completedAt"]);
        var doneBefore = plan["done"]!.GetValue<int>();

        // Half a profile is not a complete one.
        await admin.PutJsonAsync($"/api/v1/partners/{id}/profile", new { website = "own-half.example", country = "DE" }).ExpectAsync(HttpStatusCode.OK);
        plan = await admin.GetAsync($"/api/v1/partners/{id}/onboarding").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Null(Task(plan, "complete-profile")["completedAt"]);

        await admin.PutJsonAsync($"/api/v1/partners/{id}/profile", Profile()).ExpectAsync(HttpStatusCode.OK);

        plan = await admin.GetAsync($"/api/v1/partners/{id}/onboarding").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.NotNull(Task(plan, "complete-profile")["completedAt"]);
        Assert.Equal("Test Person", Task(plan, "complete-profile")["completedByName"]!.GetValue<string>());
        Assert.Equal(doneBefore + 1, plan["done"]!.GetValue<int>());
        var cam = await app.ApiClientAsync(Demo.Cam);
        Assert.Equal("Onboarding", (await cam.GetAsync($"/api/v1/partners/{id}").ExpectJsonAsync(HttpStatusCode.OK))["stage"]!.GetValue<string>());
    }

    public static TheoryData<string, string> InvalidProfiles => new()
    {
        { """{"country":"ZZ"}""", "country" },
        { """{"website":"https://x.example"}""", "country" },
        { """{"country":"DE","website":"not a url"}""", "website" },
        { """{"country":"DE","website":"javascript:alert(1)"}""", "website" },
        { $$"""{"country":"DE","description":"{{new string('x', 2001)}}"}""", "description" },
        { $$"""{"country":"DE","street":"{{new string('x', 201)}}"}""", "street" },
        { $$"""{"country":"DE","city":"{{new string('x', 101)}}"}""", "city" },
        { $$"""{"country":"DE","postalCode":"{{new string('1', 21)}}"}""", "postalCode" },
        { """{"country":"DE","industries":["a","b","c","d","e","f","g","h","i","j","k","l","m","n","o","p","q","r","s","t","u"]}""", "industries" },
        { $$"""{"country":"DE","specializations":["{{new string('x', 61)}}"]}""", "specializations" },
        { """{"country":"DE","city":"Ams\u0000terdam"}""", "city" },
        { """{"country": "unterminated""", "body" },
    };

    [Theory]
    [MemberData(nameof(InvalidProfiles))]
    public async Task Bad_profiles_are_refused_with_the_field_named_and_nothing_changed(string json, string field)
    {
        var (id, adminEmail) = await BarePartnerWithAdminAsync();
        var admin = await app.ApiClientAsync(adminEmail);
        var before = await PartnerRowAsync(id);

        await admin.PutAsync($"/api/v1/partners/{id}/profile", new StringContent(json, System.Text.Encoding.UTF8, "application/json"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, field);

        Assert.Equal(before, await PartnerRowAsync(id));
    }

    [Fact]
    public async Task Only_partner_admins_edit_and_only_their_own_organization()
    {
        var (id, adminEmail) = await BarePartnerWithAdminAsync();
        var sales = await app.ApiClientAsync(await app.NewPartnerUserAsync(id, "PartnerSales"));
        // A partner user answers 404 for what its role may not do, as for what is not its organization's.
        var before = await PartnerRowAsync(id);
        await sales.PutJsonAsync($"/api/v1/partners/{id}/profile", Profile()).ExpectProblemAsync(HttpStatusCode.NotFound);
        await sales.PutAsync($"/api/v1/partners/{id}/logo", Image(Png, "logo.png")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await sales.PostJsonAsync($"/api/v1/partners/{id}/contacts", new { name = "Sam", email = Unique.Email() }).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, await PartnerRowAsync(id));

        // Partner B's admin, aiming at this partner: nothing of it exists for them.
        var other = await app.ApiClientAsync(Demo.PartnerBAdmin);
        await other.PutJsonAsync($"/api/v1/partners/{id}/profile", Profile()).ExpectProblemAsync(HttpStatusCode.NotFound);
        await other.PutAsync($"/api/v1/partners/{id}/logo", Image(Png, "logo.png")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await other.DeleteAsync($"/api/v1/partners/{id}/logo").ExpectProblemAsync(HttpStatusCode.NotFound);
        await other.PostJsonAsync($"/api/v1/partners/{id}/contacts", new { name = "Mallory", email = Unique.Email() }).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, await PartnerRowAsync(id));

        var admin = await app.ApiClientAsync(adminEmail);
        await admin.PutAsync($"/api/v1/partners/{id}/logo", Image(Png, "logo.png")).ExpectAsync(HttpStatusCode.OK);
        var contact = await admin.PostJsonAsync($"/api/v1/partners/{id}/contacts", new { name = "Cora", email = Unique.Email() }).ExpectJsonAsync(HttpStatusCode.Created);
        await other.GetAsync($"/api/v1/partners/{id}/logo").ExpectProblemAsync(HttpStatusCode.NotFound);
        await other.GetAsync($"/api/v1/partners/{id}/contacts").ExpectProblemAsync(HttpStatusCode.NotFound);
        await other.PutJsonAsync($"/api/v1/partners/{id}/contacts/{contact["id"]}", new { name = "Mallory", email = Unique.Email() }).ExpectProblemAsync(HttpStatusCode.NotFound);
        await other.DeleteAsync($"/api/v1/partners/{id}/contacts/{contact["id"]}").ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(1, await app.WithDbAsync(db => db.PartnerContacts.CountAsync(c => c.PartnerId == id && c.Name == "Cora")));
    }

    [Fact]
    public async Task A_logo_is_uploaded_served_as_an_image_replaced_and_removed()
    {
        var (id, adminEmail) = await BarePartnerWithAdminAsync();
        var admin = await app.ApiClientAsync(adminEmail);

        var saved = await admin.PutAsync($"/api/v1/partners/{id}/logo", Image(Png, "our logo.png")).ExpectJsonAsync(HttpStatusCode.OK);
        var url = saved["logoUrl"]!.GetValue<string>();
        Assert.StartsWith($"/api/v1/partners/{id}/logo", url);

        foreach (var viewer in new[] { admin, await app.ApiClientAsync(Demo.Cam) })
        {
            var served = await viewer.GetAsync(url).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("image/png", served.Content.Headers.ContentType!.MediaType);
            Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal(Png, await served.Content.ReadAsByteArrayAsync());
        }

        // A new logo replaces the old one, whose record and bytes go.
        var firstKey = await app.WithDbAsync(db => db.Files.Where(f => f.PartnerId == id).Select(f => f.StorageKey).SingleAsync());
        saved = await admin.PutAsync($"/api/v1/partners/{id}/logo", Image(WebP, "logo.webp")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.NotEqual(url, saved["logoUrl"]!.GetValue<string>());
        Assert.Equal("image/webp", (await admin.GetAsync(saved["logoUrl"]!.GetValue<string>()).ExpectAsync(HttpStatusCode.OK)).Content.Headers.ContentType!.MediaType);
        Assert.Equal(1, await app.WithDbAsync(db => db.Files.CountAsync(f => f.PartnerId == id)));
        Assert.False(File.Exists(Path.Combine(app.DataFolder, "files", firstKey[..2], firstKey)));

        var removed = await admin.DeleteAsync($"/api/v1/partners/{id}/logo").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Null(removed["logoUrl"]);
        await admin.GetAsync($"/api/v1/partners/{id}/logo").ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await app.WithDbAsync(db => db.Files.CountAsync(f => f.PartnerId == id)));
        var kinds = (await (await app.ApiClientAsync(Demo.Cam)).GetAsync($"/api/v1/partners/{id}/timeline").ExpectJsonAsync(HttpStatusCode.OK))["items"]!
            .AsArray().Select(e => e!["kind"]!.GetValue<string>()).ToList();
        Assert.Equal(2, kinds.Count(k => k == "logo-updated"));
        Assert.Contains("logo-removed", kinds);
    }

    public static TheoryData<string, string> NotLogos => new()
    {
        { "logo.svg", """<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>""" },
        { "logo.png", "<html><script>alert(1)</script></html>" },
        { "logo.gif", "GIF89a" },
        { "logo.webp", "RIFF\u0001\u0000\u0000\u0000WAVEfmt " },
        { "logo.pdf", "%PDF-1.4" },
    };

    [Theory]
    [MemberData(nameof(NotLogos))]
    public async Task Anything_but_a_png_jpeg_or_webp_image_is_refused_and_nothing_is_kept(string name, string content)
    {
        var (id, adminEmail) = await BarePartnerWithAdminAsync();
        var admin = await app.ApiClientAsync(adminEmail);

        await admin.PutAsync($"/api/v1/partners/{id}/logo", Image(System.Text.Encoding.UTF8.GetBytes(content), name, "image/png"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "file");

        Assert.Null(await app.WithDbAsync(db => db.Partners.Where(p => p.Id == id).Select(p => p.LogoFileId).SingleAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.Files.CountAsync(f => f.PartnerId == id)));
    }

    [Fact]
    public async Task A_logo_over_one_megabyte_is_refused()
    {
        var (id, adminEmail) = await BarePartnerWithAdminAsync();
        var admin = await app.ApiClientAsync(adminEmail);
        var large = new byte[1024 * 1024 + 1];
        Png.CopyTo(large, 0);

        var problem = await admin.PutAsync($"/api/v1/partners/{id}/logo", Image(large, "big.png")).ExpectProblemAsync(HttpStatusCode.BadRequest, "file");
        Assert.Contains("1 MB", problem.ToJsonString());
        await admin.PutAsync($"/api/v1/partners/{id}/logo", new MultipartFormDataContent()).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await app.WithDbAsync(db => db.Files.CountAsync(f => f.PartnerId == id)));
    }

    [Fact]
    public async Task A_partner_admin_adds_changes_and_removes_the_organizations_contacts()
    {
        var (id, adminEmail) = await BarePartnerWithAdminAsync();
        var admin = await app.ApiClientAsync(adminEmail);

        var first = await admin.PostJsonAsync($"/api/v1/partners/{id}/contacts", new { name = "Cora Contact", email = "cora@example.org", isPrimary = true })
            .ExpectJsonAsync(HttpStatusCode.Created);
        var second = await admin.PostJsonAsync($"/api/v1/partners/{id}/contacts", new { name = "Pim Partner", email = "pim@example.org" })
            .ExpectJsonAsync(HttpStatusCode.Created);

        var changed = await admin.PutJsonAsync($"/api/v1/partners/{id}/contacts/{second["id"]}", new { name = "Pim Partner", email = "pim@example.org", phone = "+31 20 555 0100", jobTitle = "Sales lead", isPrimary = true })
            .ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Sales lead", changed["jobTitle"]!.GetValue<string>());
        await admin.PutJsonAsync($"/api/v1/partners/{id}/contacts/{second["id"]}", new { name = "Pim", email = "not-an-email" }).ExpectProblemAsync(HttpStatusCode.BadRequest, "email");

        var list = await admin.GetAsync($"/api/v1/partners/{id}/contacts").ExpectJsonAsync(HttpStatusCode.OK);
        // One primary contact: the one made primary last.
        Assert.Equal(["Pim Partner"], list["items"]!.AsArray().Where(c => c!["isPrimary"]!.GetValue<bool>()).Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal("+31 20 555 0100", list["items"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "Pim Partner")!["phone"]!.GetValue<string>());

        await admin.DeleteAsync($"/api/v1/partners/{id}/contacts/{first["id"]}").ExpectAsync(HttpStatusCode.NoContent);
        list = await admin.GetAsync($"/api/v1/partners/{id}/contacts").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, list["totalCount"]!.GetValue<int>());
        var kinds = (await (await app.ApiClientAsync(Demo.Cam)).GetAsync($"/api/v1/partners/{id}/timeline").ExpectJsonAsync(HttpStatusCode.OK))["items"]!
            .AsArray().Select(e => e!["kind"]!.GetValue<string>()).ToList();
        Assert.Contains("contact-updated", kinds);
        Assert.Contains("contact-removed", kinds);
    }

    [Fact]
    public async Task Integrations_hear_of_profile_changes_through_the_partner_profile_updated_webhook()
    {
        var (id, adminEmail) = await BarePartnerWithAdminAsync();
        using var receiver = new WebhookReceiver();
        var webhookAdmin = await app.ApiClientAsync(Demo.Admin);
        var subscription = (await webhookAdmin.PostJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "partner.profile-updated" }, description = "CRM" })
            .ExpectJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        try
        {
            var admin = await app.ApiClientAsync(adminEmail);
            await admin.PutJsonAsync($"/api/v1/partners/{id}/profile", Profile()).ExpectAsync(HttpStatusCode.OK);
            await admin.PutAsync($"/api/v1/partners/{id}/logo", Image(Png, "logo.png")).ExpectAsync(HttpStatusCode.OK);
            await app.DrainOutboxAsync();

            var events = receiver.Received.Where(r => r.Body.Contains(id.ToString()))
                .Select(r => System.Text.Json.JsonDocument.Parse(r.Body).RootElement).ToList();
            Assert.Equal(2, events.Count);
            Assert.All(events, e => Assert.Equal("partner.profile-updated", e.GetProperty("type").GetString()));
            var data = events.Select(e => e.GetProperty("data")).ToList();
            Assert.Contains(data, d => d.GetProperty("changed").EnumerateArray().Any(c => c.GetString() == "website") && d.GetProperty("city").GetString() == "Amsterdam");
            Assert.Contains(data, d => d.GetProperty("changed").GetArrayLength() == 1 && d.GetProperty("changed")[0].GetString() == "logo" && d.GetProperty("hasLogo").GetBoolean());
            Assert.All(data, d => Assert.True(d.GetProperty("byPartner").GetBoolean()));
        }
        finally
        {
            await webhookAdmin.DeleteAsync($"/api/v1/webhooks/{subscription}").ExpectAsync(HttpStatusCode.NoContent);
        }
    }

    [Fact]
    public async Task The_portal_page_offers_the_form_to_partner_admins_only()
    {
        var (id, adminEmail) = await BarePartnerWithAdminAsync();
        var salesEmail = await app.NewPartnerUserAsync(id, "PartnerSales");

        var adminPage = await (await app.SignInAsync(adminEmail, People.Password)).GetStringAsync("/portal/organization");
        Assert.Contains("data-testid=\"profile-form\"", adminPage);
        Assert.Contains("managed by", adminPage);

        var salesPage = await (await app.SignInAsync(salesEmail, People.Password)).GetStringAsync("/portal/organization");
        Assert.DoesNotContain("data-testid=\"profile-form\"", salesPage);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OwnProfileOnSqlite(SqliteApp app) : OwnProfileTests(app);

[Collection(PostgresCollection.Name)]
public sealed class OwnProfileOnPostgres(PostgresApp app) : OwnProfileTests(app);
