using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Allyward.Platform.Api;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Tests.Platform;

public sealed class EmailAddressRuleTests
{
    [Theory]
    [InlineData("ann@tailspin.example")]
    [InlineData("ann.lee+deals@mail.tailspin-toys.co.uk")]
    [InlineData("o'neil@example.ie")]
    [InlineData("jürgen@müller.de")]
    public void A_real_address_passes(string address) => Assert.True(EmailAddressRuleAttribute.IsEmailAddress(address));

    [Theory]
    [InlineData("ann@tailspin")]
    [InlineData("ann")]
    [InlineData("@tailspin.example")]
    [InlineData("ann@")]
    [InlineData("ann@@tailspin.example")]
    [InlineData("ann@tail@spin.example")]
    [InlineData("ann@tailspin..example")]
    [InlineData("ann@.tailspin.example")]
    [InlineData("ann@tailspin.example.")]
    [InlineData("ann@-tailspin.example")]
    [InlineData("ann@tailspin.e")]
    [InlineData("ann@tailspin.123")]
    [InlineData("ann lee@tailspin.example")]
    [InlineData(".ann@tailspin.example")]
    [InlineData("ann..lee@tailspin.example")]
    [InlineData("ann@tail spin.example")]
    public void A_malformed_address_is_refused(string address) => Assert.False(EmailAddressRuleAttribute.IsEmailAddress(address));

    [Fact]
    public void Every_request_field_named_like_an_email_uses_the_shared_rule()
    {
        var fields = typeof(Allyward.Ui.Operations).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("Allyward.") == true && t.Name.EndsWith("Request"))
            .SelectMany(t => t.GetProperties().Where(p => p.PropertyType == typeof(string) && p.Name.EndsWith("Email")).Select(p => (t, p)))
            .ToList();
        Assert.NotEmpty(fields);
        Assert.All(fields, f => Assert.True(f.p.IsDefined(typeof(EmailAddressRuleAttribute), true), $"{f.t.Name}.{f.p.Name} does not use the e-mail rule."));
    }
}

/// <summary>An e-mail address is an address everywhere it is accepted, and a field says what is wrong once, in plain words.</summary>
public abstract class ValidationWordsTests(AllywardApp app)
{
    private const string Refusal = EmailAddressRuleAttribute.Message;

    private static void SaysOnce(JsonNode problem, string field, string message)
    {
        var errors = problem["errors"]!.AsObject();
        var entry = errors.Single(e => e.Key.Equals(field, StringComparison.OrdinalIgnoreCase));
        Assert.Equal([message], entry.Value!.AsArray().Select(m => m!.GetValue<string>()).ToArray());
    }

    [Fact]
    public async Task Every_request_with_an_email_field_refuses_an_address_without_a_dot_in_its_domain()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var partnerA = await app.WithDbAsync(db => db.Partners.SingleAsync(p => p.Name == Demo.PartnerA));

        SaysOnce(await admin.PostJsonAsync($"/api/v1/partners/{partnerA.Id}/users", new { email = "ann@tailspin", fullName = "Ann Lee", role = "PartnerSales" })
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "email"), "email", Refusal);
        SaysOnce(await admin.PostJsonAsync($"/api/v1/partners/{partnerA.Id}/contacts", new { name = "Ann Lee", email = "ann@tailspin" })
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "email"), "email", Refusal);
        var sales = await app.ApiClientAsync(Demo.PartnerASales);
        var deal = await sales.PostJsonAsync("/api/v1/deals", new
        {
            customer = new { companyName = $"Tailspin {Unique.Suffix()}", contactName = "Ann Lee", contactEmail = "ann@tailspin", country = "DE" },
            products = new[] { "Platform" }, amount = 1_000_00, currency = "EUR",
            expectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)),
        }).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(Refusal, deal["errors"]!.ToJsonString());
        var application = await app.AnonymousClient().PostJsonAsync("/api/v1/applications", new
        {
            companyName = $"Tailspin {Unique.Suffix()}", website = $"https://tailspin-{Unique.Suffix()}.example", country = "DE",
            partnerType = "Reseller", sizeBand = "Small", industries = new[] { "Retail" }, contactName = "Ann Lee", contactEmail = "ann@tailspin",
        }).ExpectProblemAsync(HttpStatusCode.BadRequest, "contactEmail");
        SaysOnce(application, "contactEmail", Refusal);
    }

    [Fact]
    public async Task A_blank_required_field_says_one_plain_message()
    {
        var application = await app.AnonymousClient().PostJsonAsync("/api/v1/applications", new
        {
            companyName = "   ", website = $"https://blank-{Unique.Suffix()}.example", country = "DE",
            partnerType = "Reseller", sizeBand = "Small", industries = new[] { "Retail" }, contactName = " ", contactEmail = Unique.Email(),
        }).ExpectProblemAsync(HttpStatusCode.BadRequest, "companyName");
        SaysOnce(application, "companyName", "Enter the company name.");
        SaysOnce(application, "contactName", "Enter your name.");
    }

    [Fact]
    public async Task The_application_form_says_each_problem_once_in_plain_words()
    {
        var browser = app.CreateClient(new() { AllowAutoRedirect = false });
        var response = await browser.SubmitFormAsync("/apply", "apply", new() { ["Input.CompanyName"] = "  ", ["Input.ContactEmail"] = "ann@tailspin" });
        var text = HumanWordsTests.VisibleText(await response.Content.ReadAsStringAsync());
        Assert.Single(Regex.Matches(text, Regex.Escape("Enter the company name.")));
        Assert.Single(Regex.Matches(text, Regex.Escape(Refusal)));
        Assert.DoesNotContain("is required", text);
        Assert.DoesNotContain("This field", text);
        Assert.Equal(0, await app.WithDbAsync(db => db.Applications.CountAsync(a => a.ContactEmail == "ann@tailspin")));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ValidationWordsOnSqlite(SqliteApp app) : ValidationWordsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ValidationWordsOnPostgres(PostgresApp app) : ValidationWordsTests(app);
