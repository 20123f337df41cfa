using System.Net;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Tests.Deals;

public abstract class CustomFieldsTests(AllywardApp app)
{
    private async Task<(string Required, string Number, string Choice, string Date)> FieldsAsync()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var suffix = Unique.Suffix();
        async Task<string> Add(object field) =>
            (await admin.PostJsonAsync("/api/v1/deal-fields", field).ExpectJsonAsync(HttpStatusCode.Created))["key"]!.GetValue<string>();
        return (
            await Add(new { key = $"po_{suffix}", label = "Purchase order", type = "Text", required = true }),
            await Add(new { key = $"seats_{suffix}", label = "Seats", type = "Number" }),
            await Add(new { key = $"segment_{suffix}", label = "Segment", type = "Choice", choices = new[] { "SMB", "Enterprise" } }),
            await Add(new { key = $"demo_{suffix}", label = "Demo date", type = "Date" }));
    }

    private async Task RetireAllAsync()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var fields = await admin.GetAsync("/api/v1/deal-fields").ExpectJsonAsync(HttpStatusCode.OK);
        foreach (var field in fields["items"]!.AsArray()) await admin.DeleteAsync($"/api/v1/deal-fields/{field!["id"]}").ExpectAsync(HttpStatusCode.NoContent);
    }

    private static string Registration(string customFields) =>
        $$"""{"customer":{"companyName":"Custom {{Unique.Suffix()}}","country":"DE"},"amount":100,"currency":"EUR","expectedCloseDate":"2099-01-01","customFields":{{customFields}}}""";

    [Fact]
    public async Task Custom_fields_are_validated_on_submit_and_kept_with_the_deal()
    {
        var (po, seats, segment, demo) = await FieldsAsync();
        try
        {
            var partner = await app.ApiClientAsync(Demo.PartnerASales);
            var before = await app.WithDbAsync(db => db.Deals.CountAsync());
            await partner.PostRawAsync("/api/v1/deals", Registration($$"""{"{{seats}}":12}""")).ExpectProblemAsync(HttpStatusCode.BadRequest, $"customFields.{po}");
            await partner.PostRawAsync("/api/v1/deals", Registration($$"""{"{{po}}":"PO-1","{{seats}}":"many"}""")).ExpectProblemAsync(HttpStatusCode.BadRequest, $"customFields.{seats}");
            await partner.PostRawAsync("/api/v1/deals", Registration($$"""{"{{po}}":"PO-1","{{segment}}":"Galactic"}""")).ExpectProblemAsync(HttpStatusCode.BadRequest, $"customFields.{segment}");
            await partner.PostRawAsync("/api/v1/deals", Registration($$"""{"{{po}}":"PO-1","{{demo}}":"next week"}""")).ExpectProblemAsync(HttpStatusCode.BadRequest, $"customFields.{demo}");
            await partner.PostRawAsync("/api/v1/deals", Registration($$"""{"{{po}}":"PO-1","colour":"red"}""")).ExpectProblemAsync(HttpStatusCode.BadRequest, "customFields.colour");
            Assert.Equal(before, await app.WithDbAsync(db => db.Deals.CountAsync()));

            var deal = await partner.PostRawAsync("/api/v1/deals", Registration($$"""{"{{po}}":"PO-1","{{seats}}":12,"{{segment}}":"Enterprise","{{demo}}":"2099-02-03"}"""))
                .ExpectJsonAsync(HttpStatusCode.Created);
            var stored = deal["customFields"]!;
            Assert.Equal("PO-1", stored[po]!.GetValue<string>());
            Assert.Equal("12", stored[seats]!.GetValue<string>());
            Assert.Equal("Enterprise", stored[segment]!.GetValue<string>());
            Assert.Equal("2099-02-03", stored[demo]!.GetValue<string>());
        }
        finally
        {
            await RetireAllAsync();
        }
    }

    [Fact]
    public async Task Text_that_is_not_valid_unicode_is_a_field_error()
    {
        var (po, seats, segment, _) = await FieldsAsync();
        try
        {
            var partner = await app.ApiClientAsync(Demo.PartnerASales);
            var before = await app.WithDbAsync(db => db.Deals.CountAsync());
            // An unpaired surrogate, as JSON can spell it: first alone, then in each kind of field, then a pair written backwards.
            foreach (var (values, field) in new[]
                     {
                         ($$"""{"{{po}}":"\ud800x"}""", po), ($$"""{"{{po}}":"PO-1","{{seats}}":"\udc00"}""", seats),
                         ($$"""{"{{po}}":"PO-1","{{segment}}":"\ud800"}""", segment), ($$"""{"{{po}}":"\udc00\ud800"}""", po),
                     })
            {
                var problem = await partner.PostRawAsync("/api/v1/deals", Registration(values)).ExpectProblemAsync(HttpStatusCode.BadRequest, $"customFields.{field}");
                Assert.Contains("not valid text", problem["errors"]!.ToJsonString());
            }
            Assert.Equal(before, await app.WithDbAsync(db => db.Deals.CountAsync()));
            // A real pair (an emoji) is fine.
            var deal = await partner.PostRawAsync("/api/v1/deals", Registration($$"""{"{{po}}":"PO-\ud83d\ude80"}""")).ExpectJsonAsync(HttpStatusCode.Created);
            Assert.Equal("PO-\U0001F680", deal["customFields"]![po]!.GetValue<string>());
        }
        finally
        {
            await RetireAllAsync();
        }
    }

    [Theory]
    [InlineData("""{"key":"Bad Key","label":"X","type":"Text"}""", "key")]
    [InlineData("""{"key":"x","label":"","type":"Text"}""", "label")]
    [InlineData("""{"key":"x","label":"X","type":"Colour"}""", "type")]
    [InlineData("""{"key":"x","label":"X","type":"Choice","choices":[]}""", "choices")]
    public async Task Invalid_fields_are_refused(string json, string field)
    {
        await (await app.ApiClientAsync(Demo.Admin)).PostRawAsync("/api/v1/deal-fields", json).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        await (await app.ApiClientAsync(Demo.PartnerAAdmin)).PostRawAsync("/api/v1/deal-fields", """{"key":"x","label":"X","type":"Text"}""").ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CustomFieldsOnSqlite(SqliteApp app) : CustomFieldsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CustomFieldsOnPostgres(PostgresApp app) : CustomFieldsTests(app);
