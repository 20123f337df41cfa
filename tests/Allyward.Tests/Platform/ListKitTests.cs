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
    public async Task Bad_paging_or_an_unknown_sort_is_a_field_error(string url, string field)
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        await cam.GetAsync(url).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
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
