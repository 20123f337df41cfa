using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Allyward.Programs;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Tests.Programs;

/// <summary>Custom KPIs through the API: program admins define them, admins and channel account managers record values per partner and period.</summary>
public abstract class CustomKpiTests(AllywardApp app)
{
    private const string Kpis = "/api/v1/programs/kpis";

    private static async Task<string> KpiAsync(HttpClient admin, string? name = null)
    {
        var kpi = await admin.PostJsonAsync(Kpis, new { name = name ?? $"Managed seats {Unique.Suffix()}", description = "Seats under management.", unit = "seats" })
            .ExpectJsonAsync(HttpStatusCode.Created);
        return kpi["id"]!.GetValue<string>();
    }

    private Task<(Guid Id, string? Domain)> PartnerAsync(string name) =>
        app.WithDbAsync(async db => await db.Partners.Where(p => p.Name == name).Select(p => new ValueTuple<Guid, string?>(p.Id, p.Domain)).SingleAsync());

    private Task<int> ValuesAsync(string kpiId) => app.WithDbAsync(db => db.KpiValues.CountAsync(v => v.KpiId == Guid.Parse(kpiId)));

    [Fact]
    public async Task A_value_is_set_per_partner_and_period_replaced_for_the_same_period_and_refused_for_an_overlapping_one()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var kpiId = await KpiAsync(admin);
        var (partnerId, _) = await PartnerAsync(Demo.PartnerA);
        var url = $"{Kpis}/{kpiId}/values";

        var q1 = await admin.PutJsonAsync(url, new { partnerId, periodStart = "2026-01-01", periodEnd = "2026-03-31", value = 120 }).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(Demo.PartnerA, q1["partner"]!.GetValue<string>());
        var again = await admin.PutJsonAsync(url, new { partnerId, periodStart = "2026-01-01", periodEnd = "2026-03-31", value = 125 }).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(q1["id"]!.GetValue<string>(), again["id"]!.GetValue<string>());
        Assert.Equal(125, again["value"]!.GetValue<long>());

        var overlap = await admin.PutJsonAsync(url, new { partnerId, periodStart = "2026-03-01", periodEnd = "2026-05-31", value = 1 })
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "periodStart");
        Assert.Contains("2026-01-01 to 2026-03-31", overlap["errors"]!.ToJsonString());
        await admin.PutJsonAsync(url, new { partnerId, periodStart = "2026-01-01", periodEnd = "2026-01-31", value = 1 }).ExpectProblemAsync(HttpStatusCode.BadRequest, "periodStart");
        await admin.PutJsonAsync(url, new { partnerId, periodStart = "2026-06-30", periodEnd = "2026-04-01", value = 1 }).ExpectProblemAsync(HttpStatusCode.BadRequest, "periodEnd");
        await admin.PutJsonAsync(url, new { partnerId = Guid.NewGuid(), periodStart = "2026-04-01", periodEnd = "2026-06-30", value = 1 }).ExpectProblemAsync(HttpStatusCode.BadRequest, "partnerId");
        await admin.PutJsonAsync(url, new { partnerId, periodStart = "2026-04-01", periodEnd = "2026-06-30", value = 2_000_000_000_000 }).ExpectProblemAsync(HttpStatusCode.BadRequest, "value");
        await admin.PutJsonAsync(url, new { partnerId, periodStart = "2026-04-01", periodEnd = "2026-06-30" }).ExpectProblemAsync(HttpStatusCode.BadRequest, "value");
        await admin.PutJsonAsync($"{Kpis}/{Guid.NewGuid()}/values", new { partnerId, periodStart = "2026-04-01", periodEnd = "2026-06-30", value = 1 }).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(1, await ValuesAsync(kpiId));

        // Negative values are allowed (a net promoter score is one); the next quarter starts the day after.
        var cam = await app.ApiClientAsync(Demo.Cam);
        await cam.PutJsonAsync(url, new { partnerId, periodStart = "2026-04-01", periodEnd = "2026-06-30", value = -15 }).ExpectAsync(HttpStatusCode.OK);
        var (otherPartner, _) = await PartnerAsync(Demo.PartnerB);
        await cam.PutJsonAsync(url, new { partnerId = otherPartner, periodStart = "2026-02-01", periodEnd = "2026-02-28", value = 7 }).ExpectAsync(HttpStatusCode.OK);

        var mine = await admin.GetAsync($"{Kpis}/values?kpiId={kpiId}&partnerId={partnerId}").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal([-15L, 125L], mine["items"]!.AsArray().Select(v => v!["value"]!.GetValue<long>()));
        var csv = await (await admin.GetAsync($"{Kpis}/values/export.csv?kpiId={kpiId}").ExpectAsync(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.Contains("2026-04-01,2026-06-30,'-15,seats", csv); // a leading minus is kept from spreadsheets' formulas
        Assert.Contains(Demo.PartnerB, csv);

        var valueId = mine["items"]![0]!["id"]!.GetValue<string>();
        await cam.DeleteAsync($"{Kpis}/values/{valueId}").ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal(2, await ValuesAsync(kpiId));
    }

    [Fact]
    public async Task Only_program_admins_define_KPIs_and_names_are_unique()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var name = $"Net promoter score {Unique.Suffix()}";
        var kpiId = await KpiAsync(admin, name);
        await admin.PostJsonAsync(Kpis, new { name = name.ToUpperInvariant() }).ExpectProblemAsync(HttpStatusCode.BadRequest, "name");
        await admin.PostJsonAsync(Kpis, new { description = "No name" }).ExpectProblemAsync(HttpStatusCode.BadRequest, "name");
        var renamed = await admin.PutJsonAsync($"{Kpis}/{kpiId}", new { name = name + " (NPS)", unit = "points" }).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("points", renamed["unit"]!.GetValue<string>());
        var list = await admin.GetAsync($"{Kpis}?pageSize=200").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(list["items"]!.AsArray(), k => k!["name"]!.GetValue<string>() == name + " (NPS)");
        Assert.Contains(list["items"]!.AsArray(), k => k!["name"]!.GetValue<string>() == "Customer satisfaction (CSAT)");

        var cam = await app.ApiClientAsync(Demo.Cam);
        await cam.GetAsync(Kpis).ExpectAsync(HttpStatusCode.OK);
        await cam.PostJsonAsync(Kpis, new { name = "Not mine to define" }).ExpectAsync(HttpStatusCode.Forbidden);
        var finance = await app.ApiClientAsync(Demo.Finance);
        await finance.PutJsonAsync($"{Kpis}/{kpiId}/values", new { partnerId = Guid.NewGuid(), periodStart = "2026-01-01", periodEnd = "2026-01-31", value = 1 })
            .ExpectAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Values_are_imported_from_CSV_by_partner_id_or_domain_all_or_nothing()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var kpiId = await KpiAsync(admin);
        var (a, domainA) = await PartnerAsync(Demo.PartnerA);
        var (b, _) = await PartnerAsync(Demo.PartnerB);
        Assert.False(string.IsNullOrEmpty(domainA));
        await admin.PutJsonAsync($"{Kpis}/{kpiId}/values", new { partnerId = b, periodStart = "2025-10-01", periodEnd = "2025-12-31", value = 40 }).ExpectAsync(HttpStatusCode.OK);
        var good = $"partner,periodStart,periodEnd,value\n{domainA!.ToUpperInvariant()},2026-01-01,2026-03-31,50\n{a},2026-04-01,2026-06-30,55\n{b},2025-10-01,2025-12-31,42\n";
        var bad = good
            + $"{a},2026-03-15,2026-04-15,60\n"   // overlaps lines 2 and 3
            + $"{b},2025-12-01,2026-01-31,1\n"    // overlaps the value recorded
            + "nobody.example,2026-01-01,2026-03-31,1\n"
            + $"{a},2026-09-30,2026-07-01,1\n"
            + $"{a},2026-10-01,2026-12-31,many\n";

        var preview = await ExchangeRateTests.PostCsvAsync(admin, $"{Kpis}/{kpiId}/values/import?dryRun=true", Encoding.UTF8.GetBytes(bad)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, preview["added"]!.GetValue<int>());
        Assert.Equal(1, preview["changed"]!.GetValue<int>());
        Assert.Equal([5, 6, 7, 8, 9], preview["errors"]!.AsArray().Select(e => e!["line"]!.GetValue<int>()).Distinct());
        Assert.Contains("2025-10-01 to 2025-12-31", preview["errors"]!.ToJsonString());

        await ExchangeRateTests.PostCsvAsync(admin, $"{Kpis}/{kpiId}/values/import", Encoding.UTF8.GetBytes(bad)).ExpectProblemAsync(HttpStatusCode.BadRequest, "lines[5].periodStart");
        Assert.Equal(1, await ValuesAsync(kpiId));
        Assert.Equal(40, await app.WithDbAsync(db => db.KpiValues.Where(v => v.KpiId == Guid.Parse(kpiId)).Select(v => v.Value).SingleAsync()));

        await ExchangeRateTests.PostCsvAsync(admin, $"{Kpis}/{kpiId}/values/import", Encoding.UTF8.GetBytes(good)).ExpectAsync(HttpStatusCode.OK);
        var values = await admin.GetAsync($"{Kpis}/values?kpiId={kpiId}&sort=periodStart").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal([42L, 50L, 55L], values["items"]!.AsArray().Select(v => v!["value"]!.GetValue<long>()));
        Assert.False(string.IsNullOrEmpty(values["items"]![1]!["recordedBy"]!.GetValue<string>()));
        await ExchangeRateTests.PostCsvAsync(admin, $"{Kpis}/{Guid.NewGuid()}/values/import", Encoding.UTF8.GetBytes(good)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_partner_user_finds_none_of_the_KPI_endpoints()
    {
        var kpiId = await app.WithDbAsync(db => db.CustomKpis.Select(k => k.Id).FirstAsync());
        var valueId = await app.WithDbAsync(db => db.KpiValues.Select(v => v.Id).FirstAsync());
        var (own, _) = await PartnerAsync(Demo.PartnerA);
        var before = await app.WithDbAsync(db => db.KpiValues.CountAsync());
        foreach (var email in new[] { Demo.PartnerAAdmin, Demo.PartnerASales })
        {
            var partner = await app.ApiClientAsync(email);
            await partner.GetAsync(Kpis).ExpectProblemAsync(HttpStatusCode.NotFound);
            await partner.GetAsync($"{Kpis}/values").ExpectProblemAsync(HttpStatusCode.NotFound);
            await partner.GetAsync($"{Kpis}/values/export.csv").ExpectProblemAsync(HttpStatusCode.NotFound);
            await partner.PostJsonAsync(Kpis, new { name = "Mine" }).ExpectProblemAsync(HttpStatusCode.NotFound);
            await partner.PutJsonAsync($"{Kpis}/{kpiId}", new { name = "Mine" }).ExpectProblemAsync(HttpStatusCode.NotFound);
            await partner.PutJsonAsync($"{Kpis}/{kpiId}/values", new { partnerId = own, periodStart = "2030-01-01", periodEnd = "2030-03-31", value = 100 })
                .ExpectProblemAsync(HttpStatusCode.NotFound);
            await partner.DeleteAsync($"{Kpis}/values/{valueId}").ExpectProblemAsync(HttpStatusCode.NotFound);
            await ExchangeRateTests.PostCsvAsync(partner, $"{Kpis}/{kpiId}/values/import", Encoding.UTF8.GetBytes($"partner,periodStart,periodEnd,value\n{own},2030-01-01,2030-03-31,100\n"))
                .ExpectProblemAsync(HttpStatusCode.NotFound);
        }
        Assert.Equal(before, await app.WithDbAsync(db => db.KpiValues.CountAsync()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CustomKpiTestsOnSqlite(SqliteApp app) : CustomKpiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CustomKpiTestsOnPostgres(PostgresApp app) : CustomKpiTests(app);
