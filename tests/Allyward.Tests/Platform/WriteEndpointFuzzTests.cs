using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Allyward.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace Allyward.Tests.Platform;

/// <summary>
/// Every write operation of the OpenAPI document, sent as a caller allowed to use it, with bodies built from its schema
/// and then broken: fields missing, null, of the wrong type, extreme (huge, negative, very long), unusual Unicode (lone
/// surrogates, NUL, bidirectional overrides, zero-width characters, emoji, combining marks), no body, malformed JSON.
/// None may answer 5xx; a refused request (4xx) must leave every table as it was; a single-line text with a control or
/// invisible character is never accepted.
/// </summary>
public abstract class WriteEndpointFuzzTests(WriteEndpointFuzzTests.FuzzApp app, ITestOutputHelper output)
{
    /// <summary>An app of its own: the fuzz changes demo data freely, and no background work writes while it compares tables.</summary>
    public abstract class FuzzApp(Allyward.Platform.Data.DatabaseProvider provider) : AllywardApp
    {
        private readonly TestPostgres.Database? _database = provider == Allyward.Platform.Data.DatabaseProvider.Postgres ? TestPostgres.CreateDatabaseName() : null;

        public override Allyward.Platform.Data.DatabaseProvider Provider => provider;
        protected override string ConnectionString => _database?.ConnectionString ?? $"Data Source={Path.Combine(DataFolder, "allyward.db")}";
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Outbox:PollInterval", "01:00:00")];
        protected override Task PrepareDatabaseAsync() => _database is null ? Task.CompletedTask : TestPostgres.CreateAsync(_database);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                foreach (var job in services.Where(s => s.ServiceType == typeof(IHostedService)
                             && s.ImplementationType?.Name is "DealExpiryWorker" or "OverdueSignatureReminder" or "OnboardingReminderWorker").ToList())
                {
                    services.Remove(job);
                }
            });
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            if (_database is not null) await TestPostgres.DropAsync(_database);
        }
    }

    public sealed class SqliteFuzzApp() : FuzzApp(Allyward.Platform.Data.DatabaseProvider.Sqlite);
    public sealed class PostgresFuzzApp() : FuzzApp(Allyward.Platform.Data.DatabaseProvider.Postgres);

    /// <summary>Free text where line breaks, tabs and invisible characters of right-to-left scripts and emoji belong.</summary>
    private static readonly HashSet<string> MultiLineFields = new(StringComparer.OrdinalIgnoreCase)
        { "reason", "note", "notes", "motivation", "customerFocus", "text", "pageText", "instructions" };

    /// <summary>Multi-line fields whose name is single-line elsewhere (a webhook's description is one line).</summary>
    private static readonly HashSet<(string Path, string Field)> MultiLineFieldsOf =
        [("/api/v1/partners/{partnerId}/profile", "description")];

    private const string LoneSurrogate = "__LONE_SURROGATE__";
    private const string HugeNumber = "__HUGE_NUMBER__";

    private sealed record Variant(string Name, Func<HttpContent?> Body, bool MustBeRefused = false);

    [Fact]
    public async Task Every_write_endpoint_survives_hostile_input_and_a_refused_request_writes_nothing()
    {
        var document = await app.CreateClient().GetAsync("/openapi/v1.json").ExpectJsonAsync(HttpStatusCode.OK);
        var clients = new (string Name, HttpClient Client)[]
        {
            ("admin", await app.ApiClientAsync(Demo.Admin)), ("partner admin", await app.ApiClientAsync(Demo.PartnerAAdmin)),
            ("partner sales", await app.ApiClientAsync(Demo.PartnerASales)), ("anonymous", app.CreateClient()),
        };
        var ids = await IdsAsync(clients[2].Client);
        var watch = Stopwatch.StartNew();
        var fingerprint = await FingerprintAsync();
        var failures = new List<string>();
        int operations = 0, requests = 0, variants = 0;
        var byStatus = new SortedDictionary<int, int>();

        async Task<HttpStatusCode> SendAsync(HttpClient client, string method, string url, Variant variant, string what)
        {
            requests++;
            using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = variant.Body() };
            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            byStatus[status / 100] = byStatus.GetValueOrDefault(status / 100) + 1;
            // What a change queued (mail, notifications) is done before the next request is compared with it.
            if (status < 400) await app.DrainOutboxAsync();
            var after = await FingerprintAsync();
            if (status >= 500)
            {
                failures.Add($"{what}: {status} {Shorten(await response.Content.ReadAsStringAsync())}");
            }
            else if (status >= 400)
            {
                if (after != fingerprint) failures.Add($"{what}: refused with {status} but wrote {Difference(fingerprint, after)}");
                if (response.Content.Headers.ContentLength is not 0 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    failures.Add($"{what}: {status} without ProblemDetails ({response.Content.Headers.ContentType})");
                }
            }
            else if (variant.MustBeRefused)
            {
                failures.Add($"{what}: accepted with {status}");
            }
            fingerprint = after;
            return response.StatusCode;
        }

        foreach (var (path, pathItem) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in pathItem!.AsObject().Where(o => o.Key is "post" or "put" or "patch" or "delete"))
            {
                operations++;
                var verb = method.ToUpperInvariant();
                var content = operation!["requestBody"]?["content"]?.AsObject();
                var schema = content?["application/json"]?["schema"];
                if (schema is null)
                {
                    // No JSON body: junk bodies and ids that name nothing, from every caller; no real object is deleted.
                    var junk = content is null
                        ? new[] { new Variant("no body", () => null), new Variant("malformed JSON", () => Json("{\"")), new Variant("NUL bytes", () => Json("\0\0\0")) }
                        : [new Variant("no body", () => null), new Variant("empty form", () => new FormUrlEncodedContent([])),
                            new Variant("JSON instead of a form", () => Json("{\"file\":1}")),
                            new Variant("form without file", () => new MultipartFormDataContent { { new StringContent("x"), "title" } })];
                    variants += junk.Length * 2;
                    foreach (var url in new[] { Fill(path, _ => Guid.NewGuid().ToString()), Fill(path, _ => "not-an-id") })
                    {
                        foreach (var variant in junk)
                        {
                            foreach (var (name, client) in clients)
                            {
                                await SendAsync(client, verb, url, variant, $"{verb} {path} [{variant.Name}] as {name}");
                            }
                        }
                    }
                    continue;
                }

                var target = Fill(path, p => ids.TryGetValue(p, out var id) ? id.ToString() : Guid.NewGuid().ToString());
                // The first caller the operation does not turn away (401, 403, 404) is one allowed to use it.
                var caller = clients[0];
                foreach (var candidate in clients)
                {
                    var status = await SendAsync(candidate.Client, verb, target, new Variant("{}", () => Json("{}")), $"{verb} {path} [{{}}] as {candidate.Name}");
                    if (status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound))
                    {
                        caller = candidate;
                        break;
                    }
                }
                var body = Sample(document, schema, "", 0) ?? new JsonObject();
                var all = Variants(document, schema, body, path).ToList();
                variants += all.Count;
                foreach (var variant in all)
                {
                    await SendAsync(caller.Client, verb, target, variant, $"{verb} {path} [{variant.Name}] as {caller.Name}");
                }
            }
        }

        output.WriteLine($"{operations} write operations, {variants} variants, {requests} requests in {watch.Elapsed.TotalSeconds:F1} s on {app.Provider}: "
                         + string.Join(", ", byStatus.Select(s => $"{s.Value} × {s.Key}xx")) + ".");
        Assert.True(operations >= 30, $"Only {operations} write operations were found.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {requests} requests went wrong:\n" + string.Join("\n", failures.Distinct().Take(300)));
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static string Fill(string path, Func<string, string> value) => Regex.Replace(path, @"\{(\w+)\}", m => value(m.Groups[1].Value));

    /// <summary>Real objects of partner A for the operations with a body, so that they get past "not found" to the checks.</summary>
    private async Task<Dictionary<string, Guid>> IdsAsync(HttpClient sales)
    {
        var partner = await app.WithDbAsync(db => db.Partners.SingleAsync(p => p.Name == Demo.PartnerA));
        var approved = await app.WithDbAsync(db => db.Deals.Where(d => d.PartnerId == partner.Id && d.Status == Allyward.Deals.DealStatus.Approved)
            .OrderBy(d => d.Id).Select(d => d.Id).FirstAsync());
        await sales.PostJsonAsync($"/api/v1/deals/{approved}/extension-requests", new { days = 10, reason = "For the fuzz" });
        var extension = await app.WithDbAsync(db => db.DealExtensionRequests.Where(r => r.DealId == approved).Select(r => r.Id).FirstAsync());
        var application = await app.WithDbAsync(db => db.Applications.Where(a => a.Status == Allyward.Recruitment.ApplicationStatus.Submitted).Select(a => a.Id).FirstAsync());
        var agreement = await app.WithDbAsync(db => db.AgreementVersions.OrderByDescending(v => v.PublishedAt).Select(v => v.Id).FirstAsync());
        var template = await app.WithDbAsync(db => db.OnboardingTemplates.Select(t => t.Id).FirstAsync());
        return new()
        {
            ["partnerId"] = partner.Id, ["dealId"] = approved, ["requestId"] = extension, ["applicationId"] = application,
            ["agreementId"] = agreement, ["templateId"] = template,
        };
    }

    /// <summary>Rows per table (and the sum of each concurrency version), and the files stored: what any write changes.</summary>
    private async Task<string> FingerprintAsync()
    {
        var rows = await app.WithDbAsync(async db =>
        {
            var parts = db.Model.GetEntityTypes()
                .Where(e => e.GetTableName() is not null && e.FindOwnership() is null && e.BaseType is null)
                .GroupBy(e => e.GetTableName()!)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g =>
                {
                    var version = g.SelectMany(e => e.GetProperties()).FirstOrDefault(p => p.Name == "Version" && p.ClrType == typeof(int))?.GetColumnName();
                    return $"SELECT '{g.Key}', COUNT(*), {(version is null ? "0" : $"COALESCE(SUM(\"{version}\"), 0)")} FROM \"{g.Key}\"";
                });
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = string.Join(" UNION ALL ", parts);
            await using var reader = await command.ExecuteReaderAsync();
            var text = new StringBuilder();
            while (await reader.ReadAsync()) text.Append(reader.GetString(0)).Append('=').Append(reader.GetInt64(1)).Append('/').Append(Convert.ToInt64(reader.GetValue(2))).Append(';');
            return text.ToString();
        });
        var files = Directory.Exists(app.DataFolder)
            ? Directory.EnumerateFiles(app.DataFolder, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith("allyward.db", StringComparison.Ordinal))
                .Select(f => "file:" + Path.GetRelativePath(app.DataFolder, f)).Order(StringComparer.Ordinal).ToList()
            : [];
        return rows + string.Join(";", files);
    }

    private static string Difference(string before, string after)
    {
        var old = before.Split(';').ToHashSet();
        return string.Join(", ", after.Split(';').Where(p => !old.Contains(p)));
    }

    // ---- Bodies from the schema ----

    private static JsonNode Resolve(JsonNode document, JsonNode schema)
    {
        for (var i = 0; i < 5; i++)
        {
            if (schema["$ref"]?.GetValue<string>() is { } reference) schema = document["components"]!["schemas"]![reference.Split('/').Last()]!;
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
        _ => schema["properties"] is not null ? ["object"] : schema["enum"] is not null ? ["string"] : [],
    };

    /// <summary>A plausible value for a schema: what a well-meaning client would send.</summary>
    private static JsonNode? Sample(JsonNode document, JsonNode schema, string name, int depth)
    {
        schema = Resolve(document, schema);
        var types = Types(schema);
        if (schema["enum"] is JsonArray values) return values.FirstOrDefault(v => v is not null)?.DeepClone();
        if (schema["properties"] is JsonObject properties)
        {
            var result = new JsonObject();
            if (depth > 3) return result;
            foreach (var (property, propertySchema) in properties) result[property] = Sample(document, propertySchema!, property, depth + 1);
            return result;
        }
        if (types.Contains("object")) return new JsonObject();
        if (types.Contains("array")) return schema["items"] is { } items && depth < 4 ? new JsonArray(Sample(document, items, name, depth + 1)) : new JsonArray();
        if (types.Contains("integer") || types.Contains("number"))
        {
            return name.Equals("amount", StringComparison.OrdinalIgnoreCase) ? 125_000 : schema["minimum"]?.GetValue<int>() ?? 1;
        }
        if (types.Contains("boolean")) return false;
        if (!types.Contains("string")) return null;
        var suffix = Unique.Suffix();
        return (schema["format"]?.GetValue<string>(), name.ToLowerInvariant()) switch
        {
            ("uuid", _) => null,
            (_, "nickname") => null, // the application form's trap for bots: a person leaves it empty
            ("date", _) => DateTime.UtcNow.AddDays(60).ToString("yyyy-MM-dd"),
            ("date-time", _) => DateTime.UtcNow.AddDays(60).ToString("O"),
            (_, var n) when n.Contains("email") => $"fuzz.{suffix}@example.org",
            (_, "website" or "url") => $"https://fuzz-{suffix}.example",
            (_, "domain") => $"fuzz-{suffix}.example",
            (_, "currency") => "EUR",
            (_, "country") => "DE",
            (_, "kind") => "manual",
            (_, "key") => $"fuzz_{suffix}",
            (_, "role") => "PartnerSales",
            _ => $"Fuzz {name} {suffix}",
        };
    }

    /// <summary>Every field of a body (nested objects and the first item of lists too), as its path and schema.</summary>
    private static IEnumerable<(object[] Path, JsonNode Schema)> Fields(JsonNode document, JsonNode schema, object[] prefix)
    {
        schema = Resolve(document, schema);
        if (prefix.Length > 4 || schema["properties"] is not JsonObject properties) yield break;
        foreach (var (name, property) in properties)
        {
            var path = prefix.Append(name).ToArray();
            var resolved = Resolve(document, property!);
            yield return (path, resolved);
            if (resolved["properties"] is not null) foreach (var inner in Fields(document, resolved, path)) yield return inner;
            else if (Types(resolved).Contains("array") && resolved["items"] is { } items)
            {
                var item = Resolve(document, items);
                var itemPath = path.Append(0).ToArray();
                if (item["properties"] is not null) foreach (var inner in Fields(document, item, itemPath)) yield return inner;
                else yield return (itemPath, item);
            }
        }
    }

    private static JsonNode With(JsonNode body, object[] path, Func<JsonNode?, (bool Remove, JsonNode? Value)> change)
    {
        var copy = body.DeepClone();
        JsonNode? parent = copy;
        for (var i = 0; i < path.Length - 1 && parent is not null; i++)
        {
            parent = path[i] is string name ? parent[name] : parent is JsonArray { Count: > 0 } list ? list[(int)path[i]] : null;
        }
        if (parent is null) return copy;
        var last = path[^1];
        if (last is string key && parent is JsonObject o)
        {
            var (remove, value) = change(o[key]);
            if (remove) o.Remove(key); else o[key] = value;
        }
        else if (last is int index && parent is JsonArray a && a.Count > index)
        {
            var (remove, value) = change(a[index]);
            if (remove) a.RemoveAt(index); else a[index] = value;
        }
        return copy;
    }

    private static string Serialize(JsonNode body) => body.ToJsonString()
        .Replace($"\"{LoneSurrogate}\"", "\"\\ud800x\"")
        .Replace($"\"{HugeNumber}\"", "1" + new string('0', 400));

    private static IEnumerable<Variant> Variants(JsonNode document, JsonNode schema, JsonNode body, string operationPath)
    {
        var valid = Serialize(body);
        yield return new("valid-shaped", () => Json(valid));
        yield return new("no body", () => null);
        yield return new("empty body", () => Json(""));
        yield return new("null", () => Json("null"));
        yield return new("array", () => Json("[]"));
        yield return new("number", () => Json("42"));
        yield return new("truncated JSON", () => Json(valid[..(valid.Length / 2)]));
        yield return new("trailing comma", () => Json("{\"a\":1,}"));
        yield return new("single quotes", () => Json("{'name':'x'}"));
        yield return new("deep nesting", () => Json(new string('[', 500) + new string(']', 500)));
        yield return new("text/plain", () => new StringContent(valid, Encoding.UTF8, "text/plain"));
        yield return new("not UTF-8", () => new ByteArrayContent([0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D]) { Headers = { ContentType = new("application/json") } });
        yield return new("unknown fields", () => Json(valid.Length > 2 ? valid[..^1] + ",\"__proto__\":{\"admin\":true},\"isAdmin\":true}" : "{\"isAdmin\":true}"));

        foreach (var (path, fieldSchema) in Fields(document, schema, []))
        {
            var field = string.Join(".", path.Select(p => p is int i ? $"[{i}]" : p.ToString())).Replace(".[", "[");
            var name = path.OfType<string>().Last();
            var types = Types(fieldSchema);
            // The application form's trap for bots answers as if it accepted anything, and keeps nothing.
            var trap = name.Equals("nickname", StringComparison.OrdinalIgnoreCase);
            var hygiene = !trap && !MultiLineFields.Contains(name) && !MultiLineFieldsOf.Contains((operationPath, name));
            Variant Set(string what, JsonNode? value, bool mustBeRefused = false)
            {
                var text = Serialize(With(body, path, _ => (false, value)));
                return new($"{field} {what}", () => Json(text), mustBeRefused);
            }
            var removed = Serialize(With(body, path, _ => (true, null)));
            yield return new($"{field} missing", () => Json(removed));
            yield return Set("null", null);

            if (fieldSchema["enum"] is not null)
            {
                yield return Set("unknown value", "NoSuchValue");
                yield return Set("number", 1);
                yield return Set("empty", "");
            }
            else if (types.Contains("integer") || types.Contains("number"))
            {
                yield return Set("as text", "12");
                yield return Set("negative", -1);
                yield return Set("zero", 0);
                yield return Set("fraction", 1.5);
                yield return Set("int overflow", 2_147_483_648L);
                yield return Set("long max", long.MaxValue);
                yield return Set("long min", long.MinValue);
                yield return Set("huge", HugeNumber);
                yield return Set("boolean", true);
            }
            else if (types.Contains("boolean"))
            {
                yield return Set("as text", "true");
                yield return Set("number", 1);
            }
            else if (types.Contains("array"))
            {
                yield return Set("empty list", new JsonArray());
                yield return Set("list of null", new JsonArray((JsonNode?)null));
                yield return Set("object", new JsonObject());
                yield return Set("text", "x");
                yield return Set("1000 items", new JsonArray(Enumerable.Range(0, 1000).Select(i => (JsonNode?)JsonValue.Create($"item {i}")).ToArray()));
            }
            else if (types.Contains("object"))
            {
                yield return Set("list", new JsonArray());
                yield return Set("text", "x");
                yield return Set("odd keys", new JsonObject { ["\u0000"] = 1, ["\u202E"] = "x", [new string('k', 5000)] = true });
            }
            else if (types.Contains("string"))
            {
                yield return Set("number", 12345);
                yield return Set("object", new JsonObject());
                yield return Set("list", new JsonArray("x"));
                yield return Set("empty", "");
                yield return Set("blank", "   ");
                yield return Set("very long", new string('x', 20_000));
                yield return Set("lone surrogate", LoneSurrogate, mustBeRefused: !trap);
                yield return Set("NUL", "a\u0000b", mustBeRefused: !trap);
                yield return Set("escape", "a\u001b[31mb", mustBeRefused: !trap);
                yield return Set("right-to-left override", "inv\u202Eexe.pdf", mustBeRefused: hygiene);
                yield return Set("isolate", "a\u2066b\u2069", mustBeRefused: hygiene);
                yield return Set("zero-width", "pay\u200Bpal", mustBeRefused: hygiene);
                yield return Set("byte order mark", "\uFEFFname", mustBeRefused: hygiene);
                yield return Set("emoji", "🚀 Ünïcödé 👩🏽‍💻");
                yield return Set("combining marks", "Z\u0351\u0352\u0353\u0354a\u0300\u0301\u0302l\u0303\u0304go");
                yield return Set("right-to-left script", "شركة الاختبار");
                yield return Set("markup", "<script>alert(1)</script>' OR '1'='1");
                if (fieldSchema["format"] is not null) yield return Set("wrong format", "not-a-" + fieldSchema["format"]);
            }
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class WriteEndpointFuzzOnSqlite(WriteEndpointFuzzTests.SqliteFuzzApp app, ITestOutputHelper output)
    : WriteEndpointFuzzTests(app, output), IClassFixture<WriteEndpointFuzzTests.SqliteFuzzApp>;

[Collection(PostgresCollection.Name)]
public sealed class WriteEndpointFuzzOnPostgres(WriteEndpointFuzzTests.PostgresFuzzApp app, ITestOutputHelper output)
    : WriteEndpointFuzzTests(app, output), IClassFixture<WriteEndpointFuzzTests.PostgresFuzzApp>;
