using System.Net;
using System.Text.Json.Nodes;
using Allyward.Tests.Infrastructure;

namespace Allyward.Tests.Platform;

/// <summary>
/// Text that is not valid Unicode (an unpaired UTF-16 surrogate, which JSON can spell as <c>"\ud800"</c>) cannot be
/// stored or shown: every write endpoint refuses it as a field error and saves nothing.
/// </summary>
public abstract class TextInputTests(AllywardApp app)
{
    private const string LoneSurrogate = "\"\\ud800x\"";

    /// <summary>Every text property of a JSON request body, as a path and the JSON that puts an unpaired surrogate there.</summary>
    private static IEnumerable<(string Field, string Body)> TextProperties(JsonNode document, JsonNode schema, int depth = 0)
    {
        schema = Resolve(document, schema);
        if (depth > 2 || schema["properties"] is not JsonObject properties) yield break;
        foreach (var (name, property) in properties)
        {
            var resolved = Resolve(document, property!);
            var types = Types(resolved);
            if (types.Contains("string") && resolved["enum"] is null && resolved["format"] is null)
            {
                yield return (name, $"{{\"{name}\":{LoneSurrogate}}}");
            }
            else if (types.Contains("array") && resolved["items"] is { } items && Types(Resolve(document, items)).Contains("string"))
            {
                yield return ($"{name}[0]", $"{{\"{name}\":[{LoneSurrogate}]}}");
            }
            else if (types.Contains("object") || resolved["properties"] is not null)
            {
                foreach (var (field, body) in TextProperties(document, resolved, depth + 1))
                {
                    yield return ($"{name}.{field}", $"{{\"{name}\":{body}}}");
                }
            }
        }
    }

    private static JsonNode Resolve(JsonNode document, JsonNode schema)
    {
        for (var i = 0; i < 5; i++)
        {
            if (schema["$ref"]?.GetValue<string>() is { } reference)
            {
                schema = document["components"]!["schemas"]![reference.Split('/').Last()]!;
            }
            else if ((schema["oneOf"] ?? schema["anyOf"] ?? schema["allOf"]) is JsonArray choices)
            {
                schema = choices.FirstOrDefault(c => c!["type"]?.ToString() != "null") ?? schema;
                if (schema["$ref"] is null) return schema;
            }
            else return schema;
        }
        return schema;
    }

    private static string[] Types(JsonNode schema) => schema["type"] switch
    {
        JsonArray many => [.. many.Select(t => t!.GetValue<string>())],
        JsonValue one => [one.GetValue<string>()],
        _ => schema["properties"] is not null ? ["object"] : [],
    };

    [Fact]
    public async Task An_unpaired_surrogate_in_any_text_field_of_any_write_endpoint_is_a_field_error()
    {
        var document = await app.CreateClient().GetAsync("/openapi/v1.json").ExpectJsonAsync(HttpStatusCode.OK);
        var clients = new List<HttpClient> { await app.ApiClientAsync(Demo.Admin), await app.ApiClientAsync(Demo.PartnerAAdmin), await app.ApiClientAsync(Demo.PartnerASales), app.CreateClient() };
        var tried = 0;
        var wrong = new List<string>();
        foreach (var (path, operations) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject().Where(o => o.Key is "post" or "put" or "patch"))
            {
                if (operation!["requestBody"]?["content"]?["application/json"]?["schema"] is not { } schema) continue;
                var url = System.Text.RegularExpressions.Regex.Replace(path, @"\{[^}]+\}", Guid.NewGuid().ToString());
                foreach (var (field, body) in TextProperties(document, schema))
                {
                    tried++;
                    HttpResponseMessage? answer = null;
                    foreach (var client in clients)
                    {
                        answer = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url)
                        {
                            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
                        });
                        // Not allowed for this caller: try the next one.
                        if (answer.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)) break;
                    }
                    var text = await answer!.Content.ReadAsStringAsync();
                    if (answer.StatusCode != HttpStatusCode.BadRequest)
                    {
                        wrong.Add($"{method.ToUpperInvariant()} {path} {field}: {(int)answer.StatusCode} {text[..Math.Min(200, text.Length)]}");
                        continue;
                    }
                    var errors = JsonNode.Parse(text)!["errors"]?.AsObject();
                    if (errors is null || !errors.Any(e => e.Key.Equals(field, StringComparison.OrdinalIgnoreCase) && e.Value!.ToJsonString().Contains("not valid text")))
                    {
                        wrong.Add($"{method.ToUpperInvariant()} {path} {field}: {text}");
                    }
                }
            }
        }
        Assert.True(tried > 20, $"Only {tried} text fields were found.");
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {tried} answered wrongly:\n" + string.Join("\n", wrong));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class TextInputOnSqlite(SqliteApp app) : TextInputTests(app);

[Collection(PostgresCollection.Name)]
public sealed class TextInputOnPostgres(PostgresApp app) : TextInputTests(app);
