using System.Net;
using System.Text.Json.Nodes;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Tests.Platform;

/// <summary>
/// Requests the API cannot use — no body, a body that is not a JSON object, text with invisible or control characters,
/// an absurd amount — get a 400 naming what is wrong, in words a person reads, and change nothing.
/// </summary>
public abstract class BadInputTests(AllywardApp app)
{
    private static StringContent Json(string text) => new(text, System.Text.Encoding.UTF8, "application/json");

    private static void AssertFieldError(JsonNode problem, string field, string? containing = null)
    {
        var errors = problem["errors"]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"No field errors in {problem}");
        var entry = errors.FirstOrDefault(e => e.Key.Equals(field, StringComparison.OrdinalIgnoreCase));
        Assert.True(entry.Value is not null, $"Expected an error for '{field}' in {problem}");
        if (containing is not null) Assert.Contains(containing, entry.Value!.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("null")]
    public async Task A_missing_body_is_a_400_that_says_a_JSON_body_is_needed(string? body)
    {
        var client = await app.ApiClientAsync(Demo.Admin);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/partners");
        if (body is not null) request.Content = Json(body);
        var problem = await client.SendAsync(request).ExpectProblemAsync(HttpStatusCode.BadRequest, "body");
        Assert.Equal("The request needs a JSON body.", problem["title"]!.GetValue<string>());
        Assert.DoesNotContain("Implicit body", problem.ToJsonString());
        Assert.DoesNotContain("parameter", problem.ToJsonString());
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_a_400_that_says_JSON_is_needed()
    {
        var client = await app.ApiClientAsync(Demo.Admin);
        var problem = await client.PostAsync("/api/v1/partners", new StringContent("name=x", System.Text.Encoding.UTF8, "text/plain"))
            .ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType, "body");
        Assert.Equal("The request needs a JSON body.", problem["title"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("application/json; charset=iso-8859-1")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/json; charset=no-such-charset")]
    [InlineData("application/merge-patch+json")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task Unusual_content_types_are_answered_without_an_error_of_the_server(string contentType)
    {
        var client = await app.ApiClientAsync(Demo.Admin);
        var content = new ByteArrayContent("{\"name\":\"Caf\u00e9\"}"u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var response = await client.PostAsync("/api/v1/partners", content);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{contentType}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("\"partner\"")]
    public async Task A_body_that_is_not_a_JSON_object_says_so(string body)
    {
        var client = await app.ApiClientAsync(Demo.Admin);
        var problem = await client.PostAsync("/api/v1/partners", Json(body)).ExpectProblemAsync(HttpStatusCode.BadRequest, "body");
        AssertFieldError(problem, "body", "JSON object");
    }

    [Theory]
    [InlineData("{\"name\":", "body")]
    [InlineData("{\"name\": 42}", "name")]
    [InlineData("{\"industries\": \"Retail\"}", "industries")]
    [InlineData("{\"type\": \"Pirate\"}", "type")]
    public async Task Malformed_JSON_and_values_of_the_wrong_type_name_their_field(string body, string field)
    {
        var client = await app.ApiClientAsync(Demo.Admin);
        await client.PostAsync("/api/v1/partners", Json(body)).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("Acme\u0000Corp", "control character")]
    [InlineData("Acme\u001bCorp", "control character")]
    [InlineData("Acme\nCorp", "single line")]
    [InlineData("Acme \u202Egnp.exe", "direction")]
    [InlineData("Ac\u2066me", "direction")]
    [InlineData("Ac\u200Bme", "zero-width")]
    [InlineData("Acme\uFEFF", "zero-width")]
    public async Task Names_refuse_control_bidirectional_and_zero_width_characters_and_nothing_is_saved(string name, string message)
    {
        var client = await app.ApiClientAsync(Demo.Admin);
        var partners = await app.WithDbAsync(db => db.Partners.CountAsync());
        var problem = await client.PostJsonAsync("/api/v1/partners", Unique.Partner(name)).ExpectProblemAsync(HttpStatusCode.BadRequest, "name");
        AssertFieldError(problem, "name", message);
        Assert.Equal(partners, await app.WithDbAsync(db => db.Partners.CountAsync()));
    }

    [Fact]
    public async Task E_mail_addresses_websites_and_list_entries_refuse_invisible_characters()
    {
        var client = await app.ApiClientAsync(Demo.Admin);
        var partner = await app.WithDbAsync(db => db.Partners.SingleAsync(p => p.Name == Demo.PartnerA));
        await client.PostJsonAsync($"/api/v1/partners/{partner.Id}/contacts", new { name = "Eve", email = "eve@exa\u200Bmple.com" })
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "email");
        await client.PostJsonAsync("/api/v1/partners", new { name = $"Web {Unique.Suffix()}", type = "Reseller", country = "DE", region = "Europe", sizeBand = "Small", website = "https://paypa\u202El.example" })
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "website");
        // A host with a character no domain may hold is refused as a website, not an error of the server.
        await client.PostJsonAsync("/api/v1/partners", new { name = $"Host {Unique.Suffix()}", type = "Reseller", country = "DE", region = "Europe", sizeBand = "Small", website = "https://a\u2066b.example" })
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "website");
        await client.PostJsonAsync("/api/v1/partners", new { name = $"List {Unique.Suffix()}", type = "Reseller", country = "DE", region = "Europe", sizeBand = "Small", industries = new[] { "Retail", "Ret\u0000ail" } })
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "industries[1]");
    }

    [Fact]
    public async Task A_form_shows_the_same_refusals_inline_and_saves_nothing()
    {
        var browser = app.CreateClient(new() { AllowAutoRedirect = false });
        var company = $"Bidi \u202E{Unique.Suffix()}";
        var applications = await app.WithDbAsync(db => db.Applications.CountAsync());
        var page = await browser.SubmitFormAsync("/apply", "apply", new()
        {
            ["Input.CompanyName"] = company, ["Input.Website"] = "https://form-applicant.example", ["Input.Country"] = "fr",
            ["Input.PartnerType"] = "SystemIntegrator", ["Input.SizeBand"] = "Small", ["Input.Industries"] = "Retail, Logis\u200Btics",
            ["Input.ContactName"] = "Bell\u0007 Person", ["Input.ContactEmail"] = Unique.Email("form"), ["Input.Motivation"] = "We integrate.\nReally.",
        }).ExpectAsync(HttpStatusCode.OK);
        var html = System.Net.WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("data-field=\"companyName\"", html);
        Assert.Contains("reverses the direction of text", html);
        Assert.Contains("data-field=\"industries\"", html);
        Assert.Contains("zero-width", html);
        Assert.Contains("data-field=\"contactName\"", html);
        Assert.DoesNotContain("data-field=\"motivation\"", html);
        Assert.Equal(applications, await app.WithDbAsync(db => db.Applications.CountAsync()));
    }

    [Fact]
    public async Task Multi_line_free_text_keeps_line_breaks_and_tabs_but_refuses_other_control_characters()
    {
        var sales = await app.ApiClientAsync(Demo.PartnerASales);
        var deal = new Dictionary<string, object?>
        {
            ["customer"] = new { companyName = $"Lines {Unique.Suffix()}", country = "DE" },
            ["amount"] = 1000, ["currency"] = "EUR", ["expectedCloseDate"] = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd"),
            ["notes"] = "First line\n\tSecond line, indented\r\nThird line (العربية) 👍🏽",
        };
        var saved = await sales.PostJsonAsync("/api/v1/deals", deal).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Contains("\n\tSecond", saved["notes"]!.GetValue<string>());

        deal["customer"] = new { companyName = $"Bell {Unique.Suffix()}", country = "DE" };
        deal["notes"] = "Ring\u0007";
        var deals = await app.WithDbAsync(db => db.Deals.CountAsync());
        await sales.PostJsonAsync("/api/v1/deals", deal).ExpectProblemAsync(HttpStatusCode.BadRequest, "notes");
        Assert.Equal(deals, await app.WithDbAsync(db => db.Deals.CountAsync()));
    }

    [Theory]
    [InlineData("/api/v1/partners?search=a%00b", "search")]
    [InlineData("/api/v1/partners?country=D%00E", "country")]
    [InlineData("/api/v1/audit?action=x%1B", "action")]
    public async Task A_control_character_in_a_query_is_a_400_naming_the_parameter(string url, string field)
    {
        var client = await app.ApiClientAsync(Demo.Admin);
        await client.GetAsync(url).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Every_read_endpoint_answers_odd_text_in_its_query_without_an_error_of_the_server()
    {
        var document = await app.CreateClient().GetAsync("/openapi/v1.json").ExpectJsonAsync(HttpStatusCode.OK);
        var partner = await app.WithDbAsync(db => db.Partners.SingleAsync(p => p.Name == Demo.PartnerA));
        var clients = new[] { await app.ApiClientAsync(Demo.Admin), await app.ApiClientAsync(Demo.PartnerAAdmin) };
        string[] values = ["a\u0000b", "%00", "\u202Eevil", "\u200B", "\uFFFF", "🚀", new string('x', 5000), "' OR 1=1 --", "%", "_", "\\"];
        var wrong = new List<string>();
        var tried = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            if (item!["get"] is not { } operation) continue;
            var parameters = operation["parameters"]?.AsArray().Where(p => p!["in"]?.GetValue<string>() == "query").Select(p => p!["name"]!.GetValue<string>()).ToList() ?? [];
            var url = System.Text.RegularExpressions.Regex.Replace(path, @"\{(\w+)\}", m => m.Groups[1].Value == "partnerId" ? partner.Id.ToString() : Guid.NewGuid().ToString());
            foreach (var parameter in parameters)
            {
                foreach (var value in values)
                {
                    foreach (var client in clients)
                    {
                        tried++;
                        var response = await client.GetAsync($"{url}?{parameter}={Uri.EscapeDataString(value)}");
                        if ((int)response.StatusCode >= 500) wrong.Add($"GET {path}?{parameter}={Uri.EscapeDataString(value)[..Math.Min(30, Uri.EscapeDataString(value).Length)]}: {(int)response.StatusCode}");
                    }
                }
            }
        }
        Assert.True(tried > 100, $"Only {tried} requests were tried.");
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {tried} failed:\n" + string.Join("\n", wrong.Distinct()));
    }

    [Theory]
    [InlineData("EUR", 100_000_000_000_000L, true)]
    [InlineData("EUR", 100_000_000_000_001L, false)]
    [InlineData("JPY", 1_000_000_000_000L, true)]
    [InlineData("JPY", 1_000_000_000_001L, false)]
    [InlineData("KWD", 1_000_000_000_000_000L, true)]
    [InlineData("KWD", 1_000_000_000_000_001L, false)]
    [InlineData("USD", long.MaxValue, false)]
    public async Task Amounts_are_at_most_a_trillion_major_units_of_their_currency(string currency, long amount, bool accepted)
    {
        var sales = await app.ApiClientAsync(Demo.PartnerASales);
        var deal = new
        {
            customer = new { companyName = $"Amount {Unique.Suffix()}", country = "DE" },
            amount, currency, expectedCloseDate = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd"),
        };
        if (accepted)
        {
            await sales.PostJsonAsync("/api/v1/deals", deal).ExpectAsync(HttpStatusCode.Created);
        }
        else
        {
            var problem = await sales.PostJsonAsync("/api/v1/deals", deal).ExpectProblemAsync(HttpStatusCode.BadRequest, "amount");
            AssertFieldError(problem, "amount", "at most");
        }
    }
}

public sealed class MoneyRulesTests
{
    [Theory]
    [InlineData("12.5", "EUR", 1250L)]
    [InlineData("1200", "JPY", 1200L)]
    [InlineData("1.2345", "KWD", 1235L)]
    [InlineData("100000000000000000000", "EUR", null)]
    [InlineData("79228162514264337593543950335", "EUR", null)]
    public void Amounts_typed_in_major_units_become_minor_units_of_their_currency_or_nothing(string typed, string currency, long? minor) =>
        Assert.Equal(minor, Allyward.Platform.Api.MoneyRules.ToMinorUnits(decimal.Parse(typed, System.Globalization.CultureInfo.InvariantCulture), currency));

    [Theory]
    [InlineData("75,000.00", "75000.00")]
    [InlineData("75.000,00", "75000.00")]
    [InlineData("75 000", "75000")]
    [InlineData("1'250.5", "1250.5")]
    [InlineData("75,000", "75000")]
    [InlineData("75,5", "75.5")]
    [InlineData("1,234,567.89", "1234567.89")]
    [InlineData("0.99", "0.99")]
    [InlineData("75000", "75000")]
    [InlineData("EUR 75", null)]
    [InlineData("-5", null)]
    [InlineData("", null)]
    [InlineData("seventy", null)]
    public void Amounts_are_read_as_people_write_them(string typed, string? major) =>
        Assert.Equal(major is null ? null : decimal.Parse(major, System.Globalization.CultureInfo.InvariantCulture), Allyward.Platform.Api.MoneyRules.ParseMajor(typed));

    [Theory]
    [InlineData(125050L, "EUR", "1,250.50 EUR")]
    [InlineData(1200L, "JPY", "1,200 JPY")]
    [InlineData(1235L, "KWD", "1.235 KWD")]
    public void Amounts_are_shown_with_the_minor_digits_of_their_currency(long minor, string currency, string shown) =>
        Assert.Equal(shown, Allyward.Platform.Api.MoneyRules.Format(minor, currency));
}

public sealed class FileNameTests
{
    [Theory]
    [InlineData("invoice\u202Efdp.exe", "invoicefdp.exe")]
    [InlineData("re\u2066port\u2069.pdf", "report.pdf")]
    [InlineData("pay\u200Bslip\uFEFF.pdf", "payslip.pdf")]
    [InlineData("a\u0000b\u001b.pdf", "ab.pdf")]
    [InlineData("Über 🚀 مستند.pdf", "Über 🚀 مستند.pdf")]
    public void Uploaded_file_names_lose_control_and_invisible_formatting_characters(string uploaded, string kept) =>
        Assert.Equal(kept, Allyward.Platform.Files.FileTypes.SafeName(uploaded));
}

[Collection(SqliteCollection.Name)]
public sealed class BadInputOnSqlite(SqliteApp app) : BadInputTests(app);

[Collection(PostgresCollection.Name)]
public sealed class BadInputOnPostgres(PostgresApp app) : BadInputTests(app);
