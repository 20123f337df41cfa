using Allyward.Learning;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Allyward.Onboarding.Progress;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Tests.Onboarding;

public abstract class OnboardingTests(AllywardApp app)
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    /// <summary>An application approved by the channel account manager: a partner in onboarding with its admin.</summary>
    private async Task<(string PartnerId, string AdminEmail)> ApprovedPartnerAsync(string country = "SE")
    {
        var email = Unique.Email("onboarding");
        var submitted = await app.CreateClient().PostJsonAsync("/api/v1/applications", new
        {
            companyName = $"Onboarding {Unique.Suffix()} AB", website = $"https://onboarding-{Unique.Suffix()}.example", country,
            partnerType = "Reseller", sizeBand = "Medium", industries = new[] { "Retail" }, specializations = new[] { "Security" },
            contactName = "Otto Onboard", contactEmail = email,
        }).ExpectJsonAsync(HttpStatusCode.Created);
        var cam = await app.ApiClientAsync(Demo.Cam);
        var approved = await cam.PostJsonAsync($"/api/v1/applications/{submitted["id"]}/approve", new { }).ExpectJsonAsync(HttpStatusCode.OK);
        return (approved["partnerId"]!.GetValue<string>(), email);
    }

    private static System.Text.Json.Nodes.JsonNode Task(System.Text.Json.Nodes.JsonNode plan, string kind) =>
        plan["tasks"]!.AsArray().Single(t => t!["kind"]!.GetValue<string>() == kind)!;

    private static MultipartFormDataContent File(byte[] bytes, string name)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { content, "file", name } };
    }

    [Fact]
    public async Task Uploads_at_the_same_moment_keep_one_file_and_leave_no_bytes_without_a_record()
    {
        var (partnerId, adminEmail) = await ApprovedPartnerAsync();
        var partnerAdmin = await app.ApiClientAsync(adminEmail);
        var plan = await partnerAdmin.GetAsync($"/api/v1/partners/{partnerId}/onboarding").ExpectJsonAsync(HttpStatusCode.OK);
        var upload = Task(plan, "upload-document")["id"]!.GetValue<string>();

        var answers = await System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            partnerAdmin.PostAsync($"/api/v1/partners/{partnerId}/onboarding/tasks/{upload}/upload", File(Pdf, $"race-{i}.pdf"))));
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)a.StatusCode}"));

        var keys = await app.WithDbAsync(async db => (await db.Files.Select(f => f.StorageKey).ToListAsync())
            .Concat(await db.AgreementVersions.Where(v => v.StorageKey != null).Select(v => v.StorageKey!).ToListAsync())
            .Concat(await db.LearningFiles.Select(f => f.StorageKey).ToListAsync()).ToHashSet());
        var folder = Path.Combine(app.DataFolder, "files");
        var stray = Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Where(k => !keys.Contains(k!)).ToList() : [];
        Assert.Empty(stray);
    }

    [Fact]
    public async Task A_partner_works_through_its_plan_and_becomes_active_when_it_is_done()
    {
        var (partnerId, adminEmail) = await ApprovedPartnerAsync();
        var cam = await app.ApiClientAsync(Demo.Cam);
        var partnerAdmin = await app.ApiClientAsync(adminEmail);

        var plan = await partnerAdmin.GetAsync($"/api/v1/partners/{partnerId}/onboarding").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(5, plan["total"]!.GetValue<int>());
        // The application already gave a website, industries and specializations: that task did itself,
        // and the partner stays Approved until it acts.
        Assert.NotNull(Task(plan, "complete-profile")["completedAt"]);
        Assert.Equal("Approved", (await cam.GetAsync($"/api/v1/partners/{partnerId}").ExpectJsonAsync(HttpStatusCode.OK))["stage"]!.GetValue<string>());

        // Sign the agreement the task names.
        var agreements = await partnerAdmin.GetAsync($"/api/v1/partners/{partnerId}/agreements").ExpectJsonAsync(HttpStatusCode.OK);
        var agreement = agreements["items"]!.AsArray().Single(a => a!["current"]!["title"]!.GetValue<string>() == "Partner Program Agreement")!["current"]!;
        await partnerAdmin.PostJsonAsync($"/api/v1/partners/{partnerId}/agreements/{agreement["id"]}/signatures", new { documentSha256 = agreement["sha256"]!.GetValue<string>() })
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("Onboarding", (await cam.GetAsync($"/api/v1/partners/{partnerId}").ExpectJsonAsync(HttpStatusCode.OK))["stage"]!.GetValue<string>());

        // Upload: refused when the content is not what the name says, accepted when it is.
        var upload = Task(plan, "upload-document")["id"]!.GetValue<string>();
        await partnerAdmin.PostAsync($"/api/v1/partners/{partnerId}/onboarding/tasks/{upload}/upload", File(Encoding.ASCII.GetBytes("MZ not a pdf"), "tax.pdf"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "file");
        await partnerAdmin.PostAsync($"/api/v1/partners/{partnerId}/onboarding/tasks/{upload}/upload", File(Pdf, "tax.exe"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "file");
        await partnerAdmin.PostAsync($"/api/v1/partners/{partnerId}/onboarding/tasks/{upload}/upload", File(new byte[6 * 1024 * 1024], "huge.pdf"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "file");
        plan = await partnerAdmin.PostAsync($"/api/v1/partners/{partnerId}/onboarding/tasks/{upload}/upload", File(Pdf, "../../tax certificate.pdf"))
            .ExpectJsonAsync(HttpStatusCode.OK);
        var uploaded = Task(plan, "upload-document");
        Assert.Equal("tax certificate.pdf", uploaded["fileName"]!.GetValue<string>());
        var download = await cam.GetAsync($"/api/v1/partners/{partnerId}/files/{uploaded["fileId"]}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());

        // The partner acknowledges the page; the vendor may not do it for them.
        var page = Task(plan, "acknowledge-page")["id"]!.GetValue<string>();
        await cam.PostAsync($"/api/v1/partners/{partnerId}/onboarding/tasks/{page}/confirm", null).ExpectProblemAsync(HttpStatusCode.NotFound);
        await partnerAdmin.PostAsync($"/api/v1/partners/{partnerId}/onboarding/tasks/{page}/confirm", null).ExpectAsync(HttpStatusCode.OK);

        // The manual task is the channel account manager's to confirm; then the partner is Active.
        var manual = Task(plan, "manual")["id"]!.GetValue<string>();
        await partnerAdmin.PostAsync($"/api/v1/partners/{partnerId}/onboarding/tasks/{manual}/confirm", null).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("Onboarding", (await cam.GetAsync($"/api/v1/partners/{partnerId}").ExpectJsonAsync(HttpStatusCode.OK))["stage"]!.GetValue<string>());
        plan = await cam.PostAsync($"/api/v1/partners/{partnerId}/onboarding/tasks/{manual}/confirm", null).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(5, plan["done"]!.GetValue<int>());
        Assert.NotNull(plan["completedAt"]);
        Assert.Equal("Active", (await cam.GetAsync($"/api/v1/partners/{partnerId}").ExpectJsonAsync(HttpStatusCode.OK))["stage"]!.GetValue<string>());
        await cam.PostAsync($"/api/v1/partners/{partnerId}/onboarding/tasks/{manual}/confirm", null).ExpectProblemAsync(HttpStatusCode.Conflict);

        await app.DrainOutboxAsync();
        var notifications = await cam.GetAsync("/api/v1/notifications?pageSize=50").ExpectJsonAsync(HttpStatusCode.OK);
        var name = (await cam.GetAsync($"/api/v1/partners/{partnerId}").ExpectJsonAsync(HttpStatusCode.OK))["name"]!.GetValue<string>();
        Assert.Contains(notifications["items"]!.AsArray(), n => n!["title"]!.GetValue<string>() == $"{name} is now Active");

        var metrics = await cam.GetAsync("/api/v1/onboarding/metrics").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.NotNull(metrics["medianApprovalToActivation"]);
        var funnel = metrics["funnel"]!;
        Assert.True(funnel["applied"]!.GetValue<int>() >= funnel["approved"]!.GetValue<int>());
        Assert.True(funnel["approved"]!.GetValue<int>() >= funnel["onboarding"]!.GetValue<int>());
        Assert.True(funnel["onboarding"]!.GetValue<int>() >= funnel["active"]!.GetValue<int>());
        Assert.True(funnel["active"]!.GetValue<int>() >= 1);
    }

    [Fact]
    public async Task Starting_twice_or_without_a_template_is_refused()
    {
        var (partnerId, _) = await ApprovedPartnerAsync();
        var cam = await app.ApiClientAsync(Demo.Cam);
        await cam.PostAsync($"/api/v1/partners/{partnerId}/onboarding", null).ExpectProblemAsync(HttpStatusCode.Conflict);
        var active = await app.WithDbAsync(db => db.Partners.Where(p => p.Name == Demo.PartnerB).Select(p => p.Id).SingleAsync());
        await cam.PostAsync($"/api/v1/partners/{active}/onboarding", null).ExpectProblemAsync(HttpStatusCode.Conflict);
        await cam.GetAsync($"/api/v1/partners/{active}/onboarding").ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string> InvalidTemplates => new()
    {
        { """{"name":"T","partnerType":"Referral","tasks":[]}""", "tasks" },
        { """{"name":"T","partnerType":"Referral","tasks":[{"title":"X","kind":"dance","dueAfterDays":1}]}""", "tasks[0].kind" },
        { """{"name":"T","partnerType":"Referral","tasks":[{"title":"X","kind":"upload-document","dueAfterDays":1,"settings":{"allowedTypes":["exe"]}}]}""", "tasks[0].settings.allowedTypes" },
        { """{"name":"T","partnerType":"Referral","tasks":[{"title":"X","kind":"upload-document","dueAfterDays":1,"settings":{"allowedTypes":[null]}}]}""", "tasks[0].settings.allowedTypes" },
        { """{"name":"T","partnerType":"Referral","tasks":[{"title":"X","kind":"upload-document","dueAfterDays":1,"settings":{"allowedTypes":["pdf",null]}}]}""", "tasks[0].settings.allowedTypes" },
        { """{"name":"T","partnerType":"Referral","tasks":[{"title":"X","kind":"complete-profile","dueAfterDays":1,"settings":{"profileFields":[null]}}]}""", "tasks[0].settings.profileFields" },
        { """{"name":"T","partnerType":"Referral","tasks":[{"title":"X","kind":"acknowledge-page","dueAfterDays":1}]}""", "tasks[0].settings.pageText" },
        { """{"name":"T","partnerType":"Referral","tasks":[{"title":"X","kind":"manual","dueAfterDays":-1}]}""", "tasks[0].dueAfterDays" },
        { """{"name":"T","tasks":[{"title":"X","kind":"manual","dueAfterDays":1}]}""", "partnerType" },
    };

    [Theory]
    [MemberData(nameof(InvalidTemplates))]
    public async Task Invalid_templates_are_refused(string json, string field)
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var before = await app.WithDbAsync(db => db.OnboardingTemplates.CountAsync());
        await admin.PostRawAsync("/api/v1/onboarding-templates", json).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await app.WithDbAsync(db => db.OnboardingTemplates.CountAsync()));
    }

    [Fact]
    public async Task A_template_for_a_partner_type_is_used_for_that_type()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var templates = await admin.GetAsync("/api/v1/onboarding-templates").ExpectJsonAsync(HttpStatusCode.OK);
        var existing = templates["items"]!.AsArray().FirstOrDefault(t => t!["partnerType"]?.GetValue<string>() == "Distributor");
        if (existing is null)
        {
            await admin.PostJsonAsync("/api/v1/onboarding-templates", new
            {
                name = "Distributor onboarding", partnerType = "Distributor",
                tasks = new[] { new { title = "Distribution kick-off", kind = "manual", dueAfterDays = 3 } },
            }).ExpectAsync(HttpStatusCode.Created);
        }
        var cam = await app.ApiClientAsync(Demo.Cam);
        var partnerId = (await cam.PostJsonAsync("/api/v1/partners", new
        {
            name = $"Distributor {Unique.Suffix()}", type = "Distributor", country = "DE", region = "Europe", sizeBand = "Large",
        }).ExpectJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await cam.PostJsonAsync($"/api/v1/partners/{partnerId}/stage-transitions", new { to = "Approved", reason = "Signed up at a trade fair" })
            .ExpectAsync(HttpStatusCode.Created);

        var plan = await cam.GetAsync($"/api/v1/partners/{partnerId}/onboarding").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Distributor onboarding", plan["templateName"]!.GetValue<string>());
        await (await app.ApiClientAsync(Demo.PartnerAAdmin)).GetAsync("/api/v1/onboarding-templates").ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OnboardingOnSqlite(SqliteApp app) : OnboardingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class OnboardingOnPostgres(PostgresApp app) : OnboardingTests(app);
