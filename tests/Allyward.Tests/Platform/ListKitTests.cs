using System.Net;
using Allyward.Tests.Infrastructure;

namespace Allyward.Tests.Platform;

/// <summary>Every list shares one kit: paging with bounds, sorting by the keys the list declares, search, and CSV in the list's order.</summary>
public abstract class ListKitTests(AllywardApp app)
{
    private async Task<string> ThreeDealsAsync()
    {
        var partner = await app.ApiClientAsync(Demo.PartnerASales);
        var marker = Unique.Suffix();
        foreach (var (letter, amount) in new[] { ("B", 1_000_00), ("C", 3_000_00), ("A", 2_000_00) })
        {
            await partner.PostJsonAsync("/api/v1/deals", new
            {
                customer = new { companyName = $"Kit {marker} {letter} {Unique.Suffix()} Holdings", country = "FR" },
                amount, currency = "EUR", expectedCloseDate = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd"),
            }).ExpectAsync(HttpStatusCode.Created);
        }
        return marker;
    }

    private static List<long> Amounts(System.Text.Json.Nodes.JsonNode page) =>
        [.. page["items"]!.AsArray().Select(d => d!["amount"]!.GetValue<long>())];

    [Fact]
    public async Task A_list_sorts_by_its_keys_both_ways_and_pages_in_that_order()
    {
        var marker = await ThreeDealsAsync();
        var partner = await app.ApiClientAsync(Demo.PartnerASales);

        Assert.Equal([1_000_00, 2_000_00, 3_000_00], Amounts(await partner.GetAsync($"/api/v1/deals?search={marker}&sort=amount").ExpectJsonAsync(HttpStatusCode.OK)));
        Assert.Equal([3_000_00, 2_000_00, 1_000_00], Amounts(await partner.GetAsync($"/api/v1/deals?search={marker}&sort=-amount").ExpectJsonAsync(HttpStatusCode.OK)));
        Assert.Equal([2_000_00, 1_000_00, 3_000_00], Amounts(await partner.GetAsync($"/api/v1/deals?search={marker}&sort=customer").ExpectJsonAsync(HttpStatusCode.OK)));

        var second = await partner.GetAsync($"/api/v1/deals?search={marker}&sort=amount&page=2&pageSize=2").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal([3_000_00], Amounts(second));
        Assert.Equal(3, second["totalCount"]!.GetValue<int>());
        Assert.Equal(2, second["page"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_csv_export_has_the_lists_filter_and_order()
    {
        var marker = await ThreeDealsAsync();
        var partner = await app.ApiClientAsync(Demo.PartnerASales);

        var csv = await (await partner.GetAsync($"/api/v1/deals/export.csv?search={marker}&sort=-amount").ExpectAsync(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        var rows = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(["300000", "200000", "100000"], rows.Select(r => r.Split(',')[4]));
    }

    [Theory]
    [InlineData("/api/v1/deals?sort=secret", "sort")]
    [InlineData("/api/v1/deals?page=1073741824&pageSize=200", "page")]
    [InlineData("/api/v1/deals?page=0", "page")]
    [InlineData("/api/v1/deals?pageSize=201", "pageSize")]
    [InlineData("/api/v1/deals/export.csv?sort=-secret", "sort")]
    [InlineData("/api/v1/partners?sort=owner", "sort")]
    [InlineData("/api/v1/partners?page=2147483647", "page")]
    [InlineData("/api/v1/applications?sort=contactEmail", "sort")]
    [InlineData("/api/v1/applications/export.csv?minScore=101", "minScore")]
    [InlineData("/api/v1/audit?sort=changes", "sort")]
    [InlineData("/api/v1/audit/export.csv?from=2030-01-01&to=2029-01-01", "from")]
    public async Task Bad_paging_or_an_unknown_sort_is_a_field_error(string url, string field)
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        await admin.GetAsync(url).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task The_application_queue_sorts_by_fit_and_exports_what_it_shows()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var byFit = await cam.GetAsync("/api/v1/applications?sort=fitScore&pageSize=200").ExpectJsonAsync(HttpStatusCode.OK);
        var scores = byFit["items"]!.AsArray().Select(a => a!["fitScore"]!.GetValue<int>()).ToList();
        Assert.True(scores.Count > 1);
        Assert.Equal(scores.Order(), scores);

        var csv = await (await cam.GetAsync("/api/v1/applications/export.csv?sort=-fitScore").ExpectAsync(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,company,domain,country", lines[0]);
        Assert.Equal(scores.Count, lines.Length - 1);
        await (await app.ApiClientAsync(Demo.PartnerAAdmin)).GetAsync("/api/v1/applications/export.csv").ExpectAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_audit_log_exports_its_filtered_entries_newest_first()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var csv = await (await admin.GetAsync("/api/v1/audit/export.csv?action=api-token.created").ExpectAsync(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("at,actor_id,actor,action", lines[0]);
        var rows = lines.Skip(1).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, row => Assert.Contains(",api-token.created,", row));
        var times = rows.Select(r => DateTime.Parse(r.Split(',')[0], null, System.Globalization.DateTimeStyles.RoundtripKind)).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
        await (await app.ApiClientAsync(Demo.Cam)).GetAsync("/api/v1/audit/export.csv").ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_partner_list_sorts_by_age_and_exports_for_vendor_staff_only()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var newest = await cam.GetAsync("/api/v1/partners?sort=-createdAt&pageSize=50").ExpectJsonAsync(HttpStatusCode.OK);
        var since = newest["items"]!.AsArray().Select(p => p!["createdAt"]!.GetValue<DateTime>()).ToList();
        Assert.True(since.Count > 1);
        Assert.Equal(since.OrderByDescending(t => t), since);

        var csv = await (await cam.GetAsync("/api/v1/partners/export.csv?stage=Active&sort=name").ExpectAsync(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,name,type,stage", lines[0]);
        Assert.NotEmpty(lines.Skip(1));
        Assert.All(lines.Skip(1), line => Assert.Contains(",Active,", line));

        // Outside a role's permissions, a route answers as if it did not exist.
        await (await app.ApiClientAsync(Demo.PartnerAAdmin)).GetAsync("/api/v1/partners/export.csv").ExpectAsync(HttpStatusCode.NotFound);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ListKitOnSqlite(SqliteApp app) : ListKitTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ListKitOnPostgres(PostgresApp app) : ListKitTests(app);
