using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Allyward.Programs;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Tests.Programs;

/// <summary>
/// Exchange rates through the API as finance and program admins keep them. Each test uses its own currency pairs or
/// years, since the tests of a database share it.
/// </summary>
public abstract class ExchangeRateTests(AllywardApp app)
{
    private const string Rates = "/api/v1/programs/exchange-rates";

    internal static Task<HttpResponseMessage> PostCsvAsync(HttpClient client, string url, byte[] csv)
    {
        var content = new ByteArrayContent(csv);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return client.PostAsync(url, content);
    }

    private Task<int> CountAsync(string from, string to) =>
        app.WithDbAsync(db => db.ExchangeRates.CountAsync(r => r.FromCurrency == from && r.ToCurrency == to));

    private static async Task<JsonNode> AddAsync(HttpClient client, string from, string to, string on, decimal rate) =>
        await client.PostJsonAsync(Rates, new { from, to, effectiveOn = on, rate }).ExpectJsonAsync(HttpStatusCode.Created);

    [Fact]
    public async Task Amounts_convert_at_the_rate_of_their_day_into_the_digits_of_each_currency()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        await AddAsync(admin, "USD", "JPY", "2101-01-01", 151.237m);
        await AddAsync(admin, "USD", "JPY", "2101-02-01", 149.5m);
        await AddAsync(admin, "KWD", "USD", "2101-01-01", 3.2561m);

        var before = await admin.GetAsync($"{Rates}/convert?amount=10000&from=USD&to=JPY&on=2101-01-31").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(15124, before["converted"]!.GetValue<long>());
        Assert.Equal("2101-01-01", before["rateEffectiveOn"]!.GetValue<string>());
        var onTheDay = await admin.GetAsync($"{Rates}/convert?amount=10000&from=usd&to=jpy&on=2101-02-01").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(14950, onTheDay["converted"]!.GetValue<long>());
        Assert.Equal(149.5m, onTheDay["rate"]!.GetValue<decimal>());

        // The inverse of USD→JPY, and KWD's three digits both ways.
        var yen = await admin.GetAsync($"{Rates}/convert?amount=14950&from=JPY&to=USD&on=2101-03-01").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(10000, yen["converted"]!.GetValue<long>());
        var fils = await admin.GetAsync($"{Rates}/convert?amount=1000&from=KWD&to=USD&on=2101-01-01").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(326, fils["converted"]!.GetValue<long>()); // 1.000 KWD = 3.2561 USD → 3.26
        var toKwd = await admin.GetAsync($"{Rates}/convert?amount=32561&from=USD&to=KWD&on=2101-01-01").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(100_000, toKwd["converted"]!.GetValue<long>()); // 325.61 USD = 100.000 KWD, in fils

        await admin.GetAsync($"{Rates}/convert?amount=100&from=USD&to=JPY&on=2100-12-31").ExpectProblemAsync(HttpStatusCode.NotFound);
        await admin.GetAsync($"{Rates}/convert?amount=100&from=XYZ&to=JPY&on=2101-01-01").ExpectProblemAsync(HttpStatusCode.BadRequest, "from");
        await admin.GetAsync($"{Rates}/convert?from=USD&to=JPY").ExpectProblemAsync(HttpStatusCode.BadRequest, "amount");
    }

    [Fact]
    public async Task Rates_are_listed_filtered_exported_changed_and_removed()
    {
        var finance = await app.ApiClientAsync(Demo.Finance);
        var first = await AddAsync(finance, "CHF", "SEK", "2102-01-01", 11.9m);
        await AddAsync(finance, "CHF", "SEK", "2102-02-01", 12.1m);
        var id = first["id"]!.GetValue<string>();

        var list = await finance.GetAsync($"{Rates}?from=chf&to=SEK&onOrBefore=2102-01-15").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, list["totalCount"]!.GetValue<int>());
        var all = await finance.GetAsync($"{Rates}?from=CHF&to=SEK").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(["2102-02-01", "2102-01-01"], all["items"]!.AsArray().Select(r => r!["effectiveOn"]!.GetValue<string>()));
        var csv = await (await finance.GetAsync($"{Rates}/export.csv?from=CHF&to=SEK").ExpectAsync(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.Contains("from,to,date,rate", csv);
        Assert.Contains("CHF,SEK,2102-01-01,11.9", csv);

        var changed = await finance.PutJsonAsync($"{Rates}/{id}", new { rate = 11.95m }).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(11.95m, changed["rate"]!.GetValue<decimal>());
        await finance.PutJsonAsync($"{Rates}/{id}", new { rate = 0 }).ExpectProblemAsync(HttpStatusCode.BadRequest, "rate");
        await finance.DeleteAsync($"{Rates}/{id}").ExpectAsync(HttpStatusCode.NoContent);
        await finance.DeleteAsync($"{Rates}/{id}").ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(1, await CountAsync("CHF", "SEK"));

        // A channel account manager reads the programs but keeps no rates.
        var cam = await app.ApiClientAsync(Demo.Cam);
        await cam.GetAsync($"{Rates}?from=CHF").ExpectAsync(HttpStatusCode.OK);
        await cam.PostJsonAsync(Rates, new { from = "CHF", to = "SEK", effectiveOn = "2102-03-01", rate = 12 }).ExpectAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Bad_rates_are_refused_with_field_errors_and_nothing_is_written()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        await admin.PostJsonAsync(Rates, new { from = "NOK", to = "DKK", effectiveOn = "2103-01-01", rate = 0 }).ExpectProblemAsync(HttpStatusCode.BadRequest, "rate");
        await admin.PostJsonAsync(Rates, new { from = "NOK", to = "DKK", effectiveOn = "2103-01-01", rate = -0.7 }).ExpectProblemAsync(HttpStatusCode.BadRequest, "rate");
        await admin.PostJsonAsync(Rates, new { from = "NOK", to = "DKK", effectiveOn = "2103-01-01", rate = 0.00000000001m }).ExpectProblemAsync(HttpStatusCode.BadRequest, "rate");
        await admin.PostJsonAsync(Rates, new { from = "NOK", to = "DKK", effectiveOn = "2103-01-01", rate = 5_000_000_000m }).ExpectProblemAsync(HttpStatusCode.BadRequest, "rate");
        await admin.PostJsonAsync(Rates, new { from = "XYZ", to = "DKK", effectiveOn = "2103-01-01", rate = 0.65 }).ExpectProblemAsync(HttpStatusCode.BadRequest, "from");
        await admin.PostJsonAsync(Rates, new { from = "NOK", to = "nok", effectiveOn = "2103-01-01", rate = 1 }).ExpectProblemAsync(HttpStatusCode.BadRequest, "to");
        await admin.PostJsonAsync(Rates, new { from = "NOK", to = "DKK", rate = 0.65 }).ExpectProblemAsync(HttpStatusCode.BadRequest, "effectiveOn");
        Assert.Equal(0, await CountAsync("NOK", "DKK"));
        Assert.Equal(0, await CountAsync("XYZ", "DKK"));

        await AddAsync(admin, "NOK", "DKK", "2103-01-01", 0.65m);
        var conflict = await admin.PostJsonAsync(Rates, new { from = "nok", to = "dkk", effectiveOn = "2103-01-01", rate = 0.66 }).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0.65m, conflict["current"]!["rate"]!.GetValue<decimal>());
        Assert.Equal(1, await CountAsync("NOK", "DKK"));
    }

    [Fact]
    public async Task A_CSV_import_is_previewed_then_written_all_or_nothing()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        await AddAsync(admin, "PLN", "CZK", "2104-01-01", 5.5m);
        var good = "from,to,date,rate\nPLN,CZK,2104-01-01,5.61\nPLN,CZK,2104-02-01,5.63\nCZK,PLN,2104-02-01,0.177\n";
        var bad = good + "PLN,CZK,2104-03-01,0\nPLN,XYZ,2104-03-01,1.2\nPLN,CZK,2104-02-01,5.7\nPLN,CZK,01/04/2104,5.6\n";

        var preview = await PostCsvAsync(admin, $"{Rates}/import?dryRun=true", Encoding.UTF8.GetBytes(bad)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(preview["dryRun"]!.GetValue<bool>());
        Assert.Equal(2, preview["added"]!.GetValue<int>());
        Assert.Equal(1, preview["changed"]!.GetValue<int>());
        Assert.Equal([5, 6, 7, 8], preview["errors"]!.AsArray().Select(e => e!["line"]!.GetValue<int>()));
        Assert.Equal(1, await CountAsync("PLN", "CZK"));

        var refused = await PostCsvAsync(admin, $"{Rates}/import", Encoding.UTF8.GetBytes(bad)).ExpectProblemAsync(HttpStatusCode.BadRequest, "lines[5].rate");
        Assert.Contains("Line 6", refused["errors"]!.ToJsonString());
        Assert.Equal(1, await CountAsync("PLN", "CZK"));
        Assert.Equal(0, await CountAsync("CZK", "PLN"));
        Assert.Equal(5.5m, await app.WithDbAsync(db => db.ExchangeRates.Where(r => r.FromCurrency == "PLN" && r.ToCurrency == "CZK").Select(r => r.Rate).SingleAsync()));

        var done = await PostCsvAsync(admin, $"{Rates}/import", Encoding.UTF8.GetBytes(good)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.False(done["dryRun"]!.GetValue<bool>());
        Assert.Equal(2, await CountAsync("PLN", "CZK"));
        Assert.Equal(1, await CountAsync("CZK", "PLN"));
        var january = await admin.GetAsync($"{Rates}/convert?amount=10000&from=PLN&to=CZK&on=2104-01-20").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(56_100, january["converted"]!.GetValue<long>()); // the file's rate replaced 5.5

        await PostCsvAsync(admin, $"{Rates}/import", Encoding.UTF8.GetBytes("currency,rate\nPLN,1\n")).ExpectProblemAsync(HttpStatusCode.BadRequest, "file");
        await PostCsvAsync(admin, $"{Rates}/import", Encoding.UTF8.GetBytes("from,to,date,rate\n")).ExpectProblemAsync(HttpStatusCode.BadRequest, "file");
    }

    [Fact]
    public async Task A_CSV_from_a_European_spreadsheet_with_semicolons_a_BOM_and_Windows_1252_notes_is_imported()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var withBom = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("From;To;Date;Rate\r\nHUF;RON;2105-01-01;0,01245\r\n")).ToArray();
        await PostCsvAsync(admin, $"{Rates}/import", withBom).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0.01245m, await app.WithDbAsync(db => db.ExchangeRates.Where(r => r.FromCurrency == "HUF" && r.ToCurrency == "RON").Select(r => r.Rate).SingleAsync()));

        var windows = CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes("from;to;date;rate;Bemerkung\r\nHUF;RON;2105-02-01;0,01251;Kurs für März – €\r\n");
        var preview = await PostCsvAsync(admin, $"{Rates}/import?dryRun=true", windows).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Empty(preview["errors"]!.AsArray());
        await PostCsvAsync(admin, $"{Rates}/import", windows).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, await CountAsync("HUF", "RON"));
    }

    [Fact]
    public async Task The_console_pages_show_the_demo_rates_and_the_CSAT_values_to_vendor_staff_only()
    {
        var finance = await app.SignInAsync(Demo.Finance);
        var rates = await (await finance.GetAsync("/console/programs/exchange-rates").ExpectAsync(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.Contains("EUR", rates);
        Assert.Contains("Upload rates from CSV", rates);
        var cam = await app.SignInAsync(Demo.Cam);
        var kpis = await (await cam.GetAsync("/console/programs/kpis").ExpectAsync(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.Contains("Customer satisfaction (CSAT)", kpis);
        Assert.Contains("Set a value", kpis);
        Assert.DoesNotContain("Add KPI", kpis); // defining KPIs is the program admins'
        var partner = await app.SignInAsync(Demo.PartnerAAdmin);
        await partner.GetAsync("/console/programs/exchange-rates").ExpectAsync(HttpStatusCode.NotFound);
        await partner.GetAsync("/console/programs/kpis").ExpectAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_partner_user_finds_none_of_the_rate_endpoints()
    {
        var rateId = await app.WithDbAsync(db => db.ExchangeRates.Select(r => r.Id).FirstAsync());
        foreach (var email in new[] { Demo.PartnerAAdmin, Demo.PartnerASales })
        {
            var partner = await app.ApiClientAsync(email);
            await partner.GetAsync(Rates).ExpectProblemAsync(HttpStatusCode.NotFound);
            await partner.GetAsync($"{Rates}/export.csv").ExpectProblemAsync(HttpStatusCode.NotFound);
            await partner.GetAsync($"{Rates}/convert?amount=100&from=EUR&to=USD&on=2026-01-01").ExpectProblemAsync(HttpStatusCode.NotFound);
            await partner.PostJsonAsync(Rates, new { from = "EUR", to = "USD", effectiveOn = "2106-01-01", rate = 1.1 }).ExpectProblemAsync(HttpStatusCode.NotFound);
            await partner.PutJsonAsync($"{Rates}/{rateId}", new { rate = 9 }).ExpectProblemAsync(HttpStatusCode.NotFound);
            await partner.DeleteAsync($"{Rates}/{rateId}").ExpectProblemAsync(HttpStatusCode.NotFound);
            await PostCsvAsync(partner, $"{Rates}/import", Encoding.UTF8.GetBytes("from,to,date,rate\nEUR,USD,2106-01-01,1.1\n")).ExpectProblemAsync(HttpStatusCode.NotFound);
        }
        Assert.Equal(0, await app.WithDbAsync(db => db.ExchangeRates.CountAsync(r => r.EffectiveOn == new DateOnly(2106, 1, 1))));
        Assert.True(await app.WithDbAsync(db => db.ExchangeRates.AnyAsync(r => r.Id == rateId && r.Rate != 9)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ExchangeRateTestsOnSqlite(SqliteApp app) : ExchangeRateTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ExchangeRateTestsOnPostgres(PostgresApp app) : ExchangeRateTests(app);
