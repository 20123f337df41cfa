using System.Net;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Tests.Recruitment;

public abstract class ApplicationsTests(AllywardApp app)
{
    private static object Application(string? company = null, string? website = null, string? email = null, string country = "DE",
        string type = "Reseller", string size = "Medium", string[]? industries = null) => new
    {
        companyName = company ?? $"Applicant {Unique.Suffix()} GmbH",
        website = website ?? $"https://www.applicant-{Unique.Suffix()}.example",
        country,
        partnerType = type,
        sizeBand = size,
        industries = industries ?? ["Healthcare"],
        specializations = new[] { "Security" },
        customerFocus = "Mid-market hospitals",
        contactName = "Anna Applicant",
        contactEmail = email ?? Unique.Email("applicant"),
        motivation = "We resell security software to hospitals.",
    };

    private async Task<(string Id, HttpClient Anonymous)> SubmitAsync(object application)
    {
        var anonymous = app.CreateClient();
        var submitted = await anonymous.PostJsonAsync("/api/v1/applications", application).ExpectJsonAsync(HttpStatusCode.Created);
        return (submitted["id"]!.GetValue<string>(), anonymous);
    }

    [Fact]
    public async Task Anyone_can_apply_and_gets_a_confirmation()
    {
        var email = Unique.Email("confirm");
        var (id, _) = await SubmitAsync(Application(email: email));

        var confirmation = await app.LatestMailToAsync(email);
        // The confirmation speaks for the vendor (the demo's brand), and names the applicant's company as the applicant.
        Assert.Contains("We received your application to become a Kestrel Cloud partner", confirmation);
        Assert.Contains("to become a partner of Kestrel Cloud", confirmation);
        Assert.Contains("Anna Applicant", confirmation);
        var cam = await app.ApiClientAsync(Demo.Cam);
        var application = await cam.GetAsync($"/api/v1/applications/{id}").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Submitted", application["status"]!.GetValue<string>());
        Assert.NotNull(application["fitScore"]);
        Assert.NotNull(application["explanation"]);
    }

    [Fact]
    public async Task The_fit_score_follows_the_ideal_profile_and_explains_each_criterion()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var original = await admin.GetAsync("/api/v1/ideal-profile").ExpectJsonAsync(HttpStatusCode.OK);
        try
        {
            await admin.PutJsonAsync("/api/v1/ideal-profile", new
            {
                criteria = new object[]
                {
                    new { kind = "Industry", values = new[] { "Healthcare" }, weight = 6 },
                    new { kind = "Country", values = new[] { "DE", "AT" }, weight = 3 },
                    new { kind = "SizeBand", values = new[] { "enterprise" }, weight = 1 },
                },
            }).ExpectAsync(HttpStatusCode.OK);

            var (id, _) = await SubmitAsync(Application(country: "DE", size: "Medium", industries: ["Healthcare", "Retail"]));
            var scored = await admin.GetAsync($"/api/v1/applications/{id}").ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal(90, scored["fitScore"]!.GetValue<int>());
            var explanation = scored["explanation"]!.AsArray();
            Assert.Equal(3, explanation.Count);
            var size = explanation.Single(c => c!["criterion"]!.GetValue<string>() == "SizeBand")!;
            Assert.False(size["matched"]!.GetValue<bool>());
            Assert.Contains("51–250 people", size["explanation"]!.GetValue<string>());
            Assert.Equal(90, explanation.Sum(c => c!["points"]!.GetValue<int>()));

            // Changing the profile rescores open applications.
            await admin.PutJsonAsync("/api/v1/ideal-profile", new { criteria = new[] { new { kind = "Country", values = new[] { "FR" }, weight = 5 } } })
                .ExpectAsync(HttpStatusCode.OK);
            var rescored = await admin.GetAsync($"/api/v1/applications/{id}").ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal(0, rescored["fitScore"]!.GetValue<int>());
        }
        finally
        {
            await admin.PutJsonAsync("/api/v1/ideal-profile", new { criteria = original["criteria"] }).ExpectAsync(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task A_required_answer_is_looked_for_in_the_applicants_own_words()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var original = await admin.GetAsync("/api/v1/ideal-profile").ExpectJsonAsync(HttpStatusCode.OK);
        try
        {
            await admin.PutJsonAsync("/api/v1/ideal-profile", new { criteria = new[] { new { kind = "RequiredAnswer", values = new[] { "HOSPITALS", "clinics" }, weight = 4 } } })
                .ExpectAsync(HttpStatusCode.OK);
            var (mentions, _) = await SubmitAsync(Application());
            var silent = System.Text.Json.JsonSerializer.SerializeToNode(Application(), Http.Json)!.AsObject();
            silent["customerFocus"] = "Retail chains";
            silent["motivation"] = "Growth.";
            var other = await app.CreateClient().PostRawAsync("/api/v1/applications", silent.ToJsonString()).ExpectJsonAsync(HttpStatusCode.Created);

            var yes = await admin.GetAsync($"/api/v1/applications/{mentions}").ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal(100, yes["fitScore"]!.GetValue<int>());
            Assert.Contains("HOSPITALS", yes["explanation"]![0]!["explanation"]!.GetValue<string>());
            var no = await admin.GetAsync($"/api/v1/applications/{other["id"]}").ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal(0, no["fitScore"]!.GetValue<int>());
        }
        finally
        {
            await admin.PutJsonAsync("/api/v1/ideal-profile", new { criteria = original["criteria"] }).ExpectAsync(HttpStatusCode.OK);
        }
    }

    public static TheoryData<string, string> InvalidProfiles => new()
    {
        { """{"criteria":[{"kind":"Industry","values":["Healthcare"],"weight":11}]}""", "criteria[0].weight" },
        { """{"criteria":[{"kind":"Country","values":["Atlantis"],"weight":3}]}""", "criteria[0].values" },
        { """{"criteria":[{"kind":"Region","values":[],"weight":3}]}""", "criteria[0].values" },
        { """{"criteria":[{"kind":"Planet","values":["Mars"],"weight":3}]}""", "criteria[0].kind" },
        { """{"criteria":[{"kind":"Country","values":["DE"],"weight":3},{"kind":"Country","values":["FR"],"weight":2}]}""", "criteria" },
    };

    [Theory]
    [MemberData(nameof(InvalidProfiles))]
    public async Task Invalid_profiles_are_refused_and_the_old_one_stays(string json, string field)
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var before = (await admin.GetAsync("/api/v1/ideal-profile").ExpectJsonAsync(HttpStatusCode.OK)).ToJsonString();
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/ideal-profile") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        await admin.SendAsync(request).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Equal(before, (await admin.GetAsync("/api/v1/ideal-profile").ExpectJsonAsync(HttpStatusCode.OK)).ToJsonString());
    }

    public static TheoryData<string, string> InvalidApplications => new()
    {
        { """{"country":"DE","partnerType":"Reseller","sizeBand":"Small","contactName":"A","contactEmail":"a@example.org"}""", "companyName" },
        { """{"companyName":"X","country":"DE","partnerType":"Reseller","sizeBand":"Small","contactName":"A","contactEmail":"not-an-email"}""", "contactEmail" },
        { """{"companyName":"X","website":"javascript:alert(1)","country":"DE","partnerType":"Reseller","sizeBand":"Small","contactName":"A","contactEmail":"a@example.org"}""", "website" },
        { """{"companyName":"X","country":"XX","partnerType":"Reseller","sizeBand":"Small","contactName":"A","contactEmail":"a@example.org"}""", "country" },
        { """{"companyName":"X","country":"DE","partnerType":"Franchise","sizeBand":"Small","contactName":"A","contactEmail":"a@example.org"}""", "partnerType" },
        { $$"""{"companyName":"X","country":"DE","partnerType":"Reseller","sizeBand":"Small","contactName":"A","contactEmail":"a@example.org","motivation":"{{new string('m', 4001)}}"}""", "motivation" },
        { """{"companyName":"X","country":"DE","partnerType":"Reseller","sizeBand":"Small","contactName":"A",""", "body" },
    };

    [Theory]
    [MemberData(nameof(InvalidApplications))]
    public async Task Invalid_applications_are_refused_and_nothing_is_stored(string json, string field)
    {
        var before = await app.WithDbAsync(db => db.Applications.CountAsync());
        await app.CreateClient().PostRawAsync("/api/v1/applications", json).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await app.WithDbAsync(db => db.Applications.CountAsync()));
    }

    [Fact]
    public async Task A_filled_honeypot_is_accepted_in_appearance_and_dropped()
    {
        var before = await app.WithDbAsync(db => db.Applications.CountAsync());
        var application = System.Text.Json.JsonSerializer.SerializeToNode(Application(), Http.Json)!.AsObject();
        application["nickname"] = "I am a robot";
        await app.CreateClient().PostRawAsync("/api/v1/applications", application.ToJsonString()).ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal(before, await app.WithDbAsync(db => db.Applications.CountAsync()));
    }

    [Fact]
    public async Task Applications_from_a_known_domain_are_flagged_not_refused()
    {
        var (fromPartner, _) = await SubmitAsync(Application(website: "https://northwindsystems.com/about"));
        var domain = $"twice-{Unique.Suffix()}.example";
        await SubmitAsync(Application(website: $"https://{domain}"));
        var (second, _) = await SubmitAsync(Application(website: null, email: $"someone@{domain}") is var a ? WithoutWebsite(a) : a);
        var (freeMail, _) = await SubmitAsync(WithoutWebsite(Application(email: $"{Unique.Suffix()}@gmail.com")));

        var cam = await app.ApiClientAsync(Demo.Cam);
        Assert.Contains(Demo.PartnerA, (await cam.GetAsync($"/api/v1/applications/{fromPartner}").ExpectJsonAsync(HttpStatusCode.OK))["duplicateReason"]!.GetValue<string>());
        Assert.Contains(domain, (await cam.GetAsync($"/api/v1/applications/{second}").ExpectJsonAsync(HttpStatusCode.OK))["duplicateReason"]!.GetValue<string>());
        var viaGmail = await cam.GetAsync($"/api/v1/applications/{freeMail}").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Null(viaGmail["duplicateReason"]);
        Assert.Null(viaGmail["domain"]);

        var flagged = await cam.GetAsync("/api/v1/applications?duplicatesOnly=true&pageSize=200").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(flagged["items"]!.AsArray(), i => i!["id"]!.GetValue<string>() == second);
        Assert.DoesNotContain(flagged["items"]!.AsArray(), i => i!["id"]!.GetValue<string>() == freeMail);
    }

    private static object WithoutWebsite(object application)
    {
        var node = System.Text.Json.JsonSerializer.SerializeToNode(application, Http.Json)!.AsObject();
        node.Remove("website");
        return node;
    }

    [Fact]
    public async Task The_queue_lists_the_best_fit_first()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        await SubmitAsync(Application());
        var queue = await cam.GetAsync("/api/v1/applications?status=Submitted&pageSize=200").ExpectJsonAsync(HttpStatusCode.OK);
        var scores = queue["items"]!.AsArray().Select(i => i!["fitScore"]!.GetValue<int>()).ToList();
        Assert.NotEmpty(scores);
        Assert.Equal(scores.OrderByDescending(s => s).ToList(), scores);
        Assert.NotEmpty(queue["items"]!.AsArray());
        Assert.All(queue["items"]!.AsArray(), i => Assert.Equal("Submitted", i!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Approval_creates_an_approved_partner_and_invites_its_admin_exactly_once()
    {
        var email = Unique.Email("approved");
        var company = $"Approved {Unique.Suffix()} Ltd";
        var (id, _) = await SubmitAsync(Application(company: company, email: email, country: "GB"));
        var cam = await app.ApiClientAsync(Demo.Cam);

        var approved = await cam.PostJsonAsync($"/api/v1/applications/{id}/approve", new { reason = "Great fit" }).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Approved", approved["status"]!.GetValue<string>());
        var partnerId = approved["partnerId"]!.GetValue<string>();

        var partner = await cam.GetAsync($"/api/v1/partners/{partnerId}").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(company, partner["name"]!.GetValue<string>());
        Assert.Equal("Approved", partner["stage"]!.GetValue<string>());
        Assert.Equal("Europe", partner["region"]!.GetValue<string>());
        Assert.Equal("Marcus Webb", partner["ownerName"]!.GetValue<string>());
        var users = await cam.GetAsync($"/api/v1/partners/{partnerId}/users").ExpectJsonAsync(HttpStatusCode.OK);
        var admin = Assert.Single(users["items"]!.AsArray());
        Assert.Equal(email, admin!["email"]!.GetValue<string>());
        Assert.Equal("PartnerAdmin", admin["role"]!.GetValue<string>());
        var mails = await app.MailsToAsync(email);
        Assert.Single(mails, m => m.Contains("/account/accept-invitation"));
        Assert.Single(mails, m => m.Contains("is approved as a partner"));

        await cam.PostJsonAsync($"/api/v1/applications/{id}/approve", new { }).ExpectProblemAsync(HttpStatusCode.Conflict);
        await cam.PostJsonAsync($"/api/v1/applications/{id}/reject", new { reason = "Changed my mind" }).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(1, await app.WithDbAsync(db => db.Partners.CountAsync(p => p.Name == company)));
    }

    [Fact]
    public async Task Approval_is_refused_whole_when_the_contact_already_has_an_account()
    {
        var company = $"Conflicted {Unique.Suffix()}";
        var (id, _) = await SubmitAsync(Application(company: company, email: Demo.PartnerBSales));
        var cam = await app.ApiClientAsync(Demo.Cam);
        await cam.PostJsonAsync($"/api/v1/applications/{id}/approve", new { }).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.False(await app.WithDbAsync(db => db.Partners.AnyAsync(p => p.Name == company)));
        Assert.Equal("Submitted", (await cam.GetAsync($"/api/v1/applications/{id}").ExpectJsonAsync(HttpStatusCode.OK))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rejection_needs_a_reason_and_tells_the_applicant()
    {
        var email = Unique.Email("rejected");
        var (id, _) = await SubmitAsync(Application(email: email));
        var cam = await app.ApiClientAsync(Demo.Cam);

        await cam.PostJsonAsync($"/api/v1/applications/{id}/reject", new { reason = "" }).ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");
        var rejected = await cam.PostJsonAsync($"/api/v1/applications/{id}/reject", new { reason = "Outside our markets" }).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Rejected", rejected["status"]!.GetValue<string>());
        Assert.Contains(await app.MailsToAsync(email), m => m.Contains("Outside our markets"));
        await cam.PostJsonAsync($"/api/v1/applications/{id}/approve", new { }).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Only_reviewers_see_applications()
    {
        var (id, anonymous) = await SubmitAsync(Application());
        await anonymous.GetAsync("/api/v1/applications").ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await app.ApiClientAsync(Demo.PartnerAAdmin)).GetAsync($"/api/v1/applications/{id}").ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await app.ApiClientAsync(Demo.Finance)).GetAsync($"/api/v1/applications/{id}").ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await app.ApiClientAsync(Demo.Cam)).PutJsonAsync("/api/v1/ideal-profile", new { criteria = Array.Empty<object>() }).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await app.ApiClientAsync(Demo.Cam)).GetAsync($"/api/v1/applications/{Guid.NewGuid()}").ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_public_form_accepts_an_application_and_shows_inline_errors()
    {
        var browser = app.CreateClient(new() { AllowAutoRedirect = false });
        var bad = await browser.SubmitFormAsync("/apply", "apply", new() { ["Input.CompanyName"] = "", ["Input.ContactEmail"] = "nope" });
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("Enter the company name.", html);
        Assert.Contains("Enter an e-mail address such as name@example.com.", html);

        var company = $"Form Applicant {Unique.Suffix()}";
        var good = await browser.SubmitFormAsync("/apply", "apply", new()
        {
            ["Input.CompanyName"] = company, ["Input.Website"] = "https://form-applicant.example", ["Input.Country"] = "fr",
            ["Input.PartnerType"] = "SystemIntegrator", ["Input.SizeBand"] = "Small", ["Input.Industries"] = "Retail, Logistics",
            ["Input.ContactName"] = "Fanny Form", ["Input.ContactEmail"] = Unique.Email("form"), ["Input.Motivation"] = "We integrate.",
        });
        Assert.Contains("Your application is in", await good.Content.ReadAsStringAsync());
        var stored = await app.WithDbAsync(db => db.Applications.SingleAsync(a => a.CompanyName == company));
        Assert.Equal("FR", stored.Country);
        Assert.Equal(["Retail", "Logistics"], stored.Industries);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ApplicationsOnSqlite(SqliteApp app) : ApplicationsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ApplicationsOnPostgres(PostgresApp app) : ApplicationsTests(app);

/// <summary>Submissions are limited per client address; a fresh app with a low limit shows it.</summary>
public sealed class ApplicationRateLimitTests
{
    private sealed class LowLimitApp : AllywardApp
    {
        public override Allyward.Platform.Data.DatabaseProvider Provider => Allyward.Platform.Data.DatabaseProvider.Sqlite;
        protected override string ConnectionString => $"Data Source={Path.Combine(DataFolder, "limit.db")}";
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Recruitment:ApplicationsPerMinute", "2")];
    }

    [Fact]
    public async Task The_third_application_in_a_minute_from_one_address_is_refused()
    {
        await using var app = new LowLimitApp();
        await app.InitializeAsync();
        var client = app.CreateClient();
        var before = await app.WithDbAsync(db => db.Applications.CountAsync());
        for (var i = 0; i < 2; i++)
        {
            await client.PostJsonAsync("/api/v1/applications", new
            {
                companyName = $"Limited {i}", country = "DE", partnerType = "Reseller", sizeBand = "Small", contactName = "L", contactEmail = Unique.Email(),
            }).ExpectAsync(HttpStatusCode.Created);
        }
        var refused = await client.PostJsonAsync("/api/v1/applications", new
        {
            companyName = "Limited 3", country = "DE", partnerType = "Reseller", sizeBand = "Small", contactName = "L", contactEmail = Unique.Email(),
        }).ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("Too many", refused["title"]!.GetValue<string>());
        Assert.Equal(before + 2, await app.WithDbAsync(db => db.Applications.CountAsync()));
        await client.GetAsync("/apply").ExpectAsync(HttpStatusCode.OK);
    }
}
