using System.Net;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Tests.Partners;

public abstract class PartnersApiTests(AllywardApp app)
{
    private async Task<string> CreatePartnerAsync(HttpClient client, object? body = null) =>
        (await client.PostJsonAsync("/api/v1/partners", body ?? Unique.Partner()).ExpectJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();

    private Task<int> PartnerCountAsync() => app.WithDbAsync(db => db.Partners.CountAsync());

    [Fact]
    public async Task Lists_are_paged_and_carry_ids_and_names()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var page = await cam.GetAsync("/api/v1/partners?page=2&pageSize=10").ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(10, page["items"]!.AsArray().Count);
        Assert.Equal(2, page["page"]!.GetValue<int>());
        Assert.True(page["totalCount"]!.GetValue<int>() >= 50);
        Assert.NotEmpty(page["items"]!.AsArray());
        Assert.All(page["items"]!.AsArray(), item =>
        {
            Assert.True(Guid.TryParse(item!["id"]!.GetValue<string>(), out _));
            Assert.False(string.IsNullOrEmpty(item["name"]!.GetValue<string>()));
        });
    }

    [Fact]
    public async Task Search_filters_and_sorting_narrow_the_list()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);

        var search = await cam.GetAsync("/api/v1/partners?search=northwind").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(search["items"]!.AsArray(), p => p!["name"]!.GetValue<string>() == Demo.PartnerA);
        Assert.NotEmpty(search["items"]!.AsArray());
        Assert.All(search["items"]!.AsArray(), p => Assert.Contains("northwind", p!["name"]!.GetValue<string>().ToLowerInvariant()));

        var rejected = await cam.GetAsync("/api/v1/partners?stage=Rejected&region=Europe&pageSize=200").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.NotEmpty(rejected["items"]!.AsArray());
        Assert.All(rejected["items"]!.AsArray(), p =>
        {
            Assert.Equal("Rejected", p!["stage"]!.GetValue<string>());
            Assert.Equal("Europe", p["region"]!.GetValue<string>());
        });

        var sorted = await cam.GetAsync("/api/v1/partners?sort=-name&pageSize=200").ExpectJsonAsync(HttpStatusCode.OK);
        var names = sorted["items"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(names.OrderByDescending(n => n, StringComparer.Ordinal).ToList(), names);
    }

    [Theory]
    [InlineData("/api/v1/partners?sort=shoeSize", "sort")]
    [InlineData("/api/v1/partners?stage=Dormant", "stage")]
    [InlineData("/api/v1/partners?pageSize=100000", "pageSize")]
    [InlineData("/api/v1/partners?page=0", "page")]
    public async Task Bad_list_parameters_are_named(string url, string field)
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        await cam.GetAsync(url).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_created_partner_can_be_read_updated_and_is_on_its_timeline()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var id = await CreatePartnerAsync(cam);

        var partner = await cam.GetAsync($"/api/v1/partners/{id}").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Applicant", partner["stage"]!.GetValue<string>());
        Assert.StartsWith("test-", partner["domain"]!.GetValue<string>());

        var update = Unique.Partner("Renamed Partner GmbH");
        var updated = await cam.PutJsonAsync($"/api/v1/partners/{id}", update).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Renamed Partner GmbH", updated["name"]!.GetValue<string>());

        var timeline = await cam.GetAsync($"/api/v1/partners/{id}/timeline").ExpectJsonAsync(HttpStatusCode.OK);
        var kinds = timeline["items"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()).ToList();
        Assert.Equal(["updated", "created"], kinds);
    }

    public static TheoryData<string, string> InvalidPartners => new()
    {
        { """{"type":"Reseller","country":"DE","region":"Europe","sizeBand":"Small"}""", "name" },
        { """{"name":"   ","type":"Reseller","country":"DE","region":"Europe","sizeBand":"Small"}""", "name" },
        { $$"""{"name":"{{new string('x', 201)}}","type":"Reseller","country":"DE","region":"Europe","sizeBand":"Small"}""", "name" },
        { """{"name":"X","type":"Reseller","country":"ZZ","region":"Europe","sizeBand":"Small"}""", "country" },
        { """{"name":"X","type":"Reseller","country":"DE","region":"Europe","sizeBand":"Small","website":"not a url"}""", "website" },
        { """{"name":"X","type":"Reseller","country":"DE","region":"Europe","sizeBand":"Small","website":"ftp://files.example.com"}""", "website" },
        { """{"name":"X","type":"Wholesaler","country":"DE","region":"Europe","sizeBand":"Small"}""", "type" },
        { """{"name":"X","type":"Reseller","country":"DE","region":"Europe","sizeBand":"Small","ownerId":"00000000-0000-0000-0000-000000000001"}""", "ownerId" },
        { """{"name":"X","type":"Reseller","country":"DE","region":"Europe","sizeBand":"Small","stage":"Former"}""", "stage" },
        { """{"name":"X","type":"Reseller","country":"DE","region":"Europe","sizeBand":"Small","industries":["a","b","c","d","e","f","g","h","i","j","k","l","m","n","o","p","q","r","s","t","u"]}""", "industries" },
        { """{"name": "unterminated""", "body" },
        { """[1, 2, 3]""", "body" },
    };

    [Theory]
    [MemberData(nameof(InvalidPartners))]
    public async Task Invalid_partners_are_refused_with_the_field_named_and_nothing_written(string json, string field)
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var before = await PartnerCountAsync();

        await cam.PostRawAsync("/api/v1/partners", json).ExpectProblemAsync(HttpStatusCode.BadRequest, field);

        Assert.Equal(before, await PartnerCountAsync());
    }

    [Fact]
    public async Task Unknown_ids_answer_404()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var missing = Guid.NewGuid();
        await cam.GetAsync($"/api/v1/partners/{missing}").ExpectProblemAsync(HttpStatusCode.NotFound);
        await cam.PutJsonAsync($"/api/v1/partners/{missing}", Unique.Partner()).ExpectProblemAsync(HttpStatusCode.NotFound);
        await cam.PostJsonAsync($"/api/v1/partners/{missing}/stage-transitions", new { to = "Approved", reason = "x" }).ExpectProblemAsync(HttpStatusCode.NotFound);
        await cam.GetAsync("/api/v1/partners/not-a-guid").ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_lifecycle_moves_through_recorded_transitions_and_refuses_illegal_moves()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var id = await CreatePartnerAsync(cam);

        await cam.PostJsonAsync($"/api/v1/partners/{id}/stage-transitions", new { to = "Active", reason = "Skipping ahead" })
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        foreach (var stage in new[] { "Approved", "Onboarding", "Active", "Offboarding", "Former" })
        {
            var transition = await cam.PostJsonAsync($"/api/v1/partners/{id}/stage-transitions", new { to = stage, reason = $"Now {stage}" })
                .ExpectJsonAsync(HttpStatusCode.Created);
            Assert.Equal(stage, transition["to"]!.GetValue<string>());
            Assert.Equal("Marcus Webb", transition["changedByName"]!.GetValue<string>());
        }
        var final = await cam.PostJsonAsync($"/api/v1/partners/{id}/stage-transitions", new { to = "Active", reason = "Come back" })
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("final", final["detail"]!.GetValue<string>());

        var history = await cam.GetAsync($"/api/v1/partners/{id}/stage-transitions").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(5, history["totalCount"]!.GetValue<int>());
        Assert.Equal("Former", (await cam.GetAsync($"/api/v1/partners/{id}").ExpectJsonAsync(HttpStatusCode.OK))["stage"]!.GetValue<string>());
        await cam.PutJsonAsync($"/api/v1/partners/{id}", Unique.Partner()).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("""{"reason":"no target"}""", "to")]
    [InlineData("""{"to":"Approved"}""", "reason")]
    [InlineData("""{"to":"Approved","reason":""}""", "reason")]
    [InlineData("""{"to":"Promoted","reason":"x"}""", "to")]
    public async Task Stage_changes_without_a_target_or_reason_change_nothing(string json, string field)
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var id = await CreatePartnerAsync(cam);

        await cam.PostRawAsync($"/api/v1/partners/{id}/stage-transitions", json).ExpectProblemAsync(HttpStatusCode.BadRequest, field);

        var partner = await cam.GetAsync($"/api/v1/partners/{id}").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Applicant", partner["stage"]!.GetValue<string>());
    }

    [Fact]
    public async Task Partner_users_list_email_and_role()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var partnerA = await app.WithDbAsync(db => db.Partners.SingleAsync(p => p.Name == Demo.PartnerA));

        var users = await cam.GetAsync($"/api/v1/partners/{partnerA.Id}/users?pageSize=50").ExpectJsonAsync(HttpStatusCode.OK);
        var admin = users["items"]!.AsArray().Single(u => u!["email"]!.GetValue<string>() == Demo.PartnerAAdmin);
        Assert.Equal("PartnerAdmin", admin!["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task Vendor_staff_invite_a_partner_user_who_sets_a_password_from_the_mailed_link()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var id = await CreatePartnerAsync(cam);
        var email = Unique.Email("invitee");

        var user = await cam.PostJsonAsync($"/api/v1/partners/{id}/users", new { email, fullName = "Ivy Invitee", role = "PartnerSales" })
            .ExpectJsonAsync(HttpStatusCode.Created);
        Assert.True(user["invitationPending"]!.GetValue<bool>());

        var mail = await app.LatestMailToAsync(email);
        var link = Http.LinkIn(mail, "/account/accept-invitation");
        var browser = app.CreateClient(new() { AllowAutoRedirect = false });
        var accepted = await browser.SubmitFormAsync(Http.PathOf(link), "accept-invitation",
            new() { ["Input.Password"] = "a-long-new-password", ["Input.ConfirmPassword"] = "a-long-new-password" });
        Assert.True(accepted.StatusCode == HttpStatusCode.Redirect, await accepted.Content.ReadAsStringAsync());

        var me = await browser.GetAsync("/api/v1/me").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(email, me["email"]!.GetValue<string>());
        Assert.Equal(id, me["partnerId"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"email":"not-an-email","fullName":"A","role":"PartnerSales"}""", "email")]
    [InlineData("""{"email":"a@example.org","fullName":"","role":"PartnerSales"}""", "fullName")]
    [InlineData("""{"email":"a@example.org","fullName":"A","role":"ProgramAdmin"}""", "role")]
    [InlineData("""{"email":"a@example.org","fullName":"A","role":"Overlord"}""", "role")]
    [InlineData("""{"email":"a@example.org","fullName":"A"}""", "role")]
    public async Task Invalid_invitations_are_refused_and_no_user_is_created(string json, string field)
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var id = await CreatePartnerAsync(cam);

        await cam.PostRawAsync($"/api/v1/partners/{id}/users", json).ExpectProblemAsync(HttpStatusCode.BadRequest, field);

        Assert.Equal(0, await app.WithDbAsync(db => db.Users.IgnoreQueryFilters().CountAsync(u => u.PartnerId == Guid.Parse(id))));
    }

    [Fact]
    public async Task Inviting_an_existing_address_is_a_conflict()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var id = await CreatePartnerAsync(cam);
        await cam.PostJsonAsync($"/api/v1/partners/{id}/users", new { email = Demo.PartnerBSales.ToUpperInvariant(), fullName = "Dup", role = "PartnerSales" })
            .ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Contacts_are_added_and_removed()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var id = await CreatePartnerAsync(cam);

        var contact = await cam.PostJsonAsync($"/api/v1/partners/{id}/contacts", new { name = "Cora Contact", email = "cora@example.org", isPrimary = true })
            .ExpectJsonAsync(HttpStatusCode.Created);
        await cam.PostJsonAsync($"/api/v1/partners/{id}/contacts", new { name = "Bad", email = "nope" }).ExpectProblemAsync(HttpStatusCode.BadRequest, "email");
        var list = await cam.GetAsync($"/api/v1/partners/{id}/contacts").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, list["totalCount"]!.GetValue<int>());

        await cam.DeleteAsync($"/api/v1/partners/{id}/contacts/{contact["id"]}").ExpectAsync(HttpStatusCode.NoContent);
        list = await cam.GetAsync($"/api/v1/partners/{id}/contacts").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, list["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Read_only_vendor_roles_cannot_change_partners()
    {
        var finance = await app.ApiClientAsync(Demo.Finance);
        await finance.GetAsync("/api/v1/partners").ExpectAsync(HttpStatusCode.OK);
        await finance.PostJsonAsync("/api/v1/partners", Unique.Partner()).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Anonymous_callers_get_401()
    {
        var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        await anonymous.GetAsync("/api/v1/partners").ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PartnersApiOnSqlite(SqliteApp app) : PartnersApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PartnersApiOnPostgres(PostgresApp app) : PartnersApiTests(app);
