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
}

[Collection(SqliteCollection.Name)]
public sealed class BadInputOnSqlite(SqliteApp app) : BadInputTests(app);

[Collection(PostgresCollection.Name)]
public sealed class BadInputOnPostgres(PostgresApp app) : BadInputTests(app);
