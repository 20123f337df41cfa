using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Tests.Agreements;

public abstract class AgreementsTests(AllywardApp app)
{
    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private async Task<(string Id, string Text)> PublishAsync(string title, bool requiresResign = false, DateTime? deadline = null)
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var text = $"# {title}\n\nThe partner agrees to sell responsibly. Revision {Unique.Suffix()}.";
        var published = await admin.PostJsonAsync("/api/v1/agreements", new { title, text, requiresResign, resignDeadline = deadline })
            .ExpectJsonAsync(HttpStatusCode.Created);
        return (published["id"]!.GetValue<string>(), text);
    }

    private Task<Guid> PartnerAIdAsync() => app.WithDbAsync(db => db.Partners.Where(p => p.Name == Demo.PartnerA).Select(p => p.Id).SingleAsync());

    [Fact]
    public async Task A_partner_admin_reads_and_signs_the_exact_text_and_the_evidence_is_kept()
    {
        var title = $"Program agreement {Unique.Suffix()}";
        var (id, text) = await PublishAsync(title);
        var partnerId = await PartnerAIdAsync();
        var partnerAdmin = await app.ApiClientAsync(Demo.PartnerAAdmin);
        partnerAdmin.DefaultRequestHeaders.UserAgent.ParseAdd("AllywardTests/1.0");

        var list = await partnerAdmin.GetAsync($"/api/v1/partners/{partnerId}/agreements").ExpectJsonAsync(HttpStatusCode.OK);
        var status = list["items"]!.AsArray().Single(a => a!["current"]!["title"]!.GetValue<string>() == title)!;
        Assert.True(status["mustSign"]!.GetValue<bool>());
        var document = await partnerAdmin.GetAsync($"/api/v1/partners/{partnerId}/agreements/{id}/document").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(text, await document.Content.ReadAsStringAsync());

        await partnerAdmin.PostJsonAsync($"/api/v1/partners/{partnerId}/agreements/{id}/signatures", new { documentSha256 = Sha(text + " tampered") })
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        var signature = await partnerAdmin.PostJsonAsync($"/api/v1/partners/{partnerId}/agreements/{id}/signatures", new { documentSha256 = Sha(text) })
            .ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Olivia Hart", signature["signerName"]!.GetValue<string>());
        Assert.Equal(Sha(text), signature["documentSha256"]!.GetValue<string>());
        Assert.Equal("AllywardTests/1.0", signature["userAgent"]!.GetValue<string>());
        // The in-process test server has no client address; the browser journey runs on Kestrel, where it has one.
        Assert.True(signature.AsObject().ContainsKey("ipAddress"));

        await partnerAdmin.PostJsonAsync($"/api/v1/partners/{partnerId}/agreements/{id}/signatures", new { documentSha256 = Sha(text) })
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        var signed = await partnerAdmin.GetAsync($"/api/v1/partners/{partnerId}/signatures/{signature["id"]}/document").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Sha(text), Convert.ToHexStringLower(SHA256.HashData(await signed.Content.ReadAsByteArrayAsync())));
        var after = await partnerAdmin.GetAsync($"/api/v1/partners/{partnerId}/agreements").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.False(after["items"]!.AsArray().Single(a => a!["current"]!["title"]!.GetValue<string>() == title)!["mustSign"]!.GetValue<bool>());

        // The partner's signatures, newest first, as the partner and its channel account manager list them.
        foreach (var reader in new[] { partnerAdmin, await app.ApiClientAsync(Demo.Cam) })
        {
            var signatures = await reader.GetAsync($"/api/v1/partners/{partnerId}/signatures?pageSize=100").ExpectJsonAsync(HttpStatusCode.OK);
            var items = signatures["items"]!.AsArray();
            Assert.Equal(signature["id"]!.GetValue<string>(), items[0]!["id"]!.GetValue<string>());
            var times = items.Select(i => i!["signedAt"]!.GetValue<DateTime>()).ToList();
            Assert.Equal(times.OrderByDescending(t => t), times);
        }
    }

    [Fact]
    public async Task Only_partner_admins_sign_and_an_outdated_version_cannot_be_signed()
    {
        var title = $"Outdated agreement {Unique.Suffix()}";
        var (v1, text1) = await PublishAsync(title);
        var (v2, text2) = await PublishAsync(title);
        var partnerId = await PartnerAIdAsync();

        await (await app.ApiClientAsync(Demo.PartnerASales)).PostJsonAsync($"/api/v1/partners/{partnerId}/agreements/{v2}/signatures", new { documentSha256 = Sha(text2) })
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await app.ApiClientAsync(Demo.Cam)).PostJsonAsync($"/api/v1/partners/{partnerId}/agreements/{v2}/signatures", new { documentSha256 = Sha(text2) })
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        var partnerAdmin = await app.ApiClientAsync(Demo.PartnerAAdmin);
        var outdated = await partnerAdmin.PostJsonAsync($"/api/v1/partners/{partnerId}/agreements/{v1}/signatures", new { documentSha256 = Sha(text1) })
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("outdated", outdated["detail"]!.GetValue<string>());
        await partnerAdmin.PostJsonAsync($"/api/v1/partners/{partnerId}/agreements/{v2}/signatures", new { }).ExpectProblemAsync(HttpStatusCode.BadRequest, "documentSha256");
        Assert.Equal(0, await app.WithDbAsync(db => db.AgreementSignatures.CountAsync(s => s.AgreementVersionId == Guid.Parse(v1) || s.AgreementVersionId == Guid.Parse(v2))));
    }

    [Fact]
    public async Task A_new_version_that_requires_resigning_lists_and_reminds_the_partners_once_a_day()
    {
        var title = $"Resign agreement {Unique.Suffix()}";
        var (v1, text1) = await PublishAsync(title);
        var partnerId = await PartnerAIdAsync();
        var partnerAdmin = await app.ApiClientAsync(Demo.PartnerAAdmin);
        await partnerAdmin.PostJsonAsync($"/api/v1/partners/{partnerId}/agreements/{v1}/signatures", new { documentSha256 = Sha(text1) }).ExpectAsync(HttpStatusCode.Created);

        var deadline = DateTime.UtcNow.AddDays(14);
        var (v2, _) = await PublishAsync(title, requiresResign: true, deadline: deadline);
        var status = (await partnerAdmin.GetAsync($"/api/v1/partners/{partnerId}/agreements").ExpectJsonAsync(HttpStatusCode.OK))["items"]!.AsArray()
            .Single(a => a!["current"]!["title"]!.GetValue<string>() == title)!;
        Assert.True(status["mustSign"]!.GetValue<bool>());
        Assert.Equal(deadline.Date, status["signBy"]!.GetValue<DateTime>().Date);

        var admin = await app.ApiClientAsync(Demo.Admin);
        var pending = await admin.GetAsync($"/api/v1/agreements/{v2}/pending").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(pending["items"]!.AsArray(), p => p!["name"]!.GetValue<string>() == Demo.PartnerA);
        var reminded = await admin.PostAsync($"/api/v1/agreements/{v2}/reminders", null).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(reminded["reminded"]!.GetValue<int>() > 0);
        Assert.Contains(await app.MailsToAsync(Demo.PartnerAAdmin), m => m.Contains(title));
        var again = await admin.PostAsync($"/api/v1/agreements/{v2}/reminders", null).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, again["reminded"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_console_counts_the_partners_still_to_sign_and_tells_earlier_signers_from_those_who_never_signed()
    {
        var title = $"Grouped agreement {Unique.Suffix()}";
        var (v1, text1) = await PublishAsync(title);
        var partnerId = await PartnerAIdAsync();
        await (await app.ApiClientAsync(Demo.PartnerAAdmin))
            .PostJsonAsync($"/api/v1/partners/{partnerId}/agreements/{v1}/signatures", new { documentSha256 = Sha(text1) }).ExpectAsync(HttpStatusCode.Created);
        var (v2, _) = await PublishAsync(title, requiresResign: true, deadline: DateTime.UtcNow.AddDays(14));

        var admin = await app.ApiClientAsync(Demo.Admin);
        var pending = await admin.GetAsync($"/api/v1/agreements/{v2}/pending?pageSize=200").ExpectJsonAsync(HttpStatusCode.OK);
        var items = pending["items"]!.AsArray();
        var northwind = items.Single(p => p!["name"]!.GetValue<string>() == Demo.PartnerA)!;
        Assert.True(northwind["signedEarlierVersion"]!.GetValue<bool>());
        Assert.Contains(items, p => !p!["signedEarlierVersion"]!.GetValue<bool>() && p["stage"]!.GetValue<string>() == "Active");
        var total = pending["totalCount"]!.GetValue<int>();

        var counts = await app.WithScopeAsync(sp => sp.GetRequiredService<Allyward.Agreements.RemindToSign.PendingSignatures>()
            .CountsAsync([Guid.Parse(v1), Guid.Parse(v2)]));
        Assert.Equal(total, counts[Guid.Parse(v2)]);
        Assert.Equal(0, counts[Guid.Parse(v1)] - (await admin.GetAsync($"/api/v1/agreements/{v1}/pending?pageSize=200").ExpectJsonAsync(HttpStatusCode.OK))["totalCount"]!.GetValue<int>());

        var page = await (await app.SignInAsync(Demo.Admin)).GetAsync("/console/agreements");
        var html = await page.Content.ReadAsStringAsync();
        var row = html[html.IndexOf(title, StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains(total == 1 ? "1 partner" : $"{total} partners", row);
    }

    [Fact]
    public async Task Partners_that_missed_the_resigning_deadline_are_reminded_automatically_once_a_day()
    {
        var title = $"Overdue agreement {Unique.Suffix()}";
        var (v1, text1) = await PublishAsync(title);
        var partnerId = await PartnerAIdAsync();
        await (await app.ApiClientAsync(Demo.PartnerAAdmin))
            .PostJsonAsync($"/api/v1/partners/{partnerId}/agreements/{v1}/signatures", new { documentSha256 = Sha(text1) }).ExpectAsync(HttpStatusCode.Created);
        var (v2, _) = await PublishAsync(title, requiresResign: true, deadline: DateTime.UtcNow.AddDays(3));
        var id = Guid.Parse(v2);
        await app.WithDbAsync(db => db.AgreementVersions.Where(v => v.Id == id).ExecuteUpdateAsync(s => s.SetProperty(v => v.ResignDeadline, DateTime.UtcNow.AddHours(-1))));

        var nodes = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            app.WithScopeAsync(sp => sp.GetRequiredService<Allyward.Agreements.RemindToSign.SignatureReminders>().RunAsync())));

        Assert.True(nodes.Sum() >= 1);
        Assert.Equal(1, await app.WithDbAsync(db => db.AgreementReminders.CountAsync(r => r.AgreementVersionId == id && r.PartnerId == partnerId)));
        Assert.Single(await app.MailsToAsync(Demo.PartnerAAdmin), m => m.Contains($"Please sign: {title}"));
    }

    [Theory]
    [InlineData("""{"text":"Body"}""", "title")]
    [InlineData("""{"title":"T"}""", "text")]
    [InlineData("""{"title":"T","text":"Body","requiresResign":true}""", "resignDeadline")]
    [InlineData("""{"title":"T","text":"Body","requiresResign":true,"resignDeadline":"2001-01-01T00:00:00Z"}""", "resignDeadline")]
    [InlineData("""{"title":"T","text":"Body","partnerType":"Franchise"}""", "partnerType")]
    public async Task Invalid_agreements_are_refused_and_nothing_is_published(string json, string field)
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var before = await app.WithDbAsync(db => db.AgreementVersions.CountAsync());
        await admin.PostRawAsync("/api/v1/agreements", json).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await app.WithDbAsync(db => db.AgreementVersions.CountAsync()));
    }

    [Fact]
    public async Task Pdf_agreements_are_checked_by_content_and_served_back_byte_for_byte()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
        var title = $"PDF terms {Unique.Suffix()}";

        var fake = Form(title, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3], "terms.pdf");
        await admin.PostAsync("/api/v1/agreements/pdf", fake).ExpectProblemAsync(HttpStatusCode.BadRequest, "file");
        await admin.PostAsync("/api/v1/agreements/pdf", Form(title, pdf, "terms.exe")).ExpectProblemAsync(HttpStatusCode.BadRequest, "file");

        var published = await admin.PostAsync("/api/v1/agreements/pdf", Form(title, pdf, "terms.pdf")).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Pdf", published["format"]!.GetValue<string>());
        var document = await admin.GetAsync($"/api/v1/agreements/{published["id"]}/document").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("application/pdf", document.Content.Headers.ContentType?.MediaType);
        Assert.Equal(pdf, await document.Content.ReadAsByteArrayAsync());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), published["sha256"]!.GetValue<string>());
        // Stored outside the web root under a generated name.
        Assert.Empty(Directory.GetFiles(app.DataFolder, "terms.pdf", SearchOption.AllDirectories));
    }

    private static MultipartFormDataContent Form(string title, byte[] file, string fileName)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent { { new StringContent(title), "title" }, { content, "file", fileName } };
    }

    [Fact]
    public async Task The_vendor_counter_signs_once()
    {
        var title = $"Countersigned {Unique.Suffix()}";
        var (id, text) = await PublishAsync(title);
        var partnerId = await PartnerAIdAsync();
        var signature = await (await app.ApiClientAsync(Demo.PartnerAAdmin))
            .PostJsonAsync($"/api/v1/partners/{partnerId}/agreements/{id}/signatures", new { documentSha256 = Sha(text) }).ExpectJsonAsync(HttpStatusCode.Created);

        var admin = await app.ApiClientAsync(Demo.Admin);
        var countersigned = await admin.PostAsync($"/api/v1/partners/{partnerId}/signatures/{signature["id"]}/countersign", null).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Priya Raman", countersigned["counterSignedByName"]!.GetValue<string>());
        await admin.PostAsync($"/api/v1/partners/{partnerId}/signatures/{signature["id"]}/countersign", null).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await app.ApiClientAsync(Demo.Cam)).PostAsync($"/api/v1/partners/{partnerId}/signatures/{signature["id"]}/countersign", null)
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AgreementsOnSqlite(SqliteApp app) : AgreementsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AgreementsOnPostgres(PostgresApp app) : AgreementsTests(app);
