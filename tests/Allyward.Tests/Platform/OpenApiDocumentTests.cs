using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Allyward.Tests.Infrastructure;

namespace Allyward.Tests.Platform;

/// <summary>The API documents itself: every operation says what it answers, to whom, and under a stable id.</summary>
[Collection(SqliteCollection.Name)]
public sealed class OpenApiDocumentTests(SqliteApp app)
{
    private async Task<JsonNode> DocumentAsync() =>
        await app.CreateClient().GetAsync("/openapi/v1.json").ExpectJsonAsync(HttpStatusCode.OK);

    private static IEnumerable<(string Method, string Path, JsonNode Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Select(op => (op.Key.ToUpperInvariant(), path.Key, op.Value!)));

    [Fact]
    public async Task Every_operation_documents_its_answers_security_and_id()
    {
        var document = await DocumentAsync();
        var operations = Operations(document).ToList();
        Assert.True(operations.Count >= 60, $"Only {operations.Count} operations.");
        var problems = new List<string>();
        foreach (var (method, path, operation) in operations)
        {
            var responses = operation["responses"]!.AsObject();
            var successes = responses.Where(r => r.Key.StartsWith('2')).ToList();
            if (successes.Count == 0) problems.Add($"{method} {path}: no success response");
            problems.AddRange(successes.Where(r => r.Key is not ("202" or "204") && r.Value!["content"] is null)
                .Select(r => $"{method} {path}: {r.Key} without a schema"));
            if (responses["400"] is null) problems.Add($"{method} {path}: no 400");
            var anonymous = operation["security"]!.AsArray().Any(requirement => requirement!.AsObject().Count == 0);
            if (!anonymous && (responses["401"] is null || operation["security"]![0]!["Bearer"] is null)) problems.Add($"{method} {path}: no bearer security and 401");
            if (method != "GET" && responses["409"] is null) problems.Add($"{method} {path}: no 409");
            if (string.IsNullOrEmpty(operation["operationId"]?.GetValue<string>())) problems.Add($"{method} {path}: no operation id");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal(operations.Count, operations.Select(o => o.Operation["operationId"]!.GetValue<string>()).Distinct().Count());
        Assert.Contains(operations, o => o.Path == "/api/v1/applications" && o.Method == "POST" && o.Operation["security"]![0]!.AsObject().Count == 0);
        Assert.DoesNotContain("AnonymousType", document.ToJsonString());
    }

    /// <summary>
    /// The document the API client is generated from (tests/openapi/openapi.json) is the one the app serves. After an API
    /// change, run the tests once with ALLYWARD_UPDATE_OPENAPI=1 to rewrite it, and review the difference.
    /// </summary>
    [Fact]
    public async Task The_committed_document_is_the_one_the_app_serves()
    {
        var served = await DocumentAsync();
        var file = Path.Combine(RepositoryFolder(), "tests", "openapi", "openapi.json");
        if (Environment.GetEnvironmentVariable("ALLYWARD_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(file, served.ToJsonString(new System.Text.Json.JsonSerializerOptions
            {
                WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            }) + "\n");
        }
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(file));
        Assert.True(JsonNode.DeepEquals(served, committed),
            "tests/openapi/openapi.json differs from /openapi/v1.json: run the tests with ALLYWARD_UPDATE_OPENAPI=1 and review the change.");
    }

    private static string RepositoryFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Allyward.slnx"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("The repository was not found.");
    }

    /// <summary>Redocly's recommended rules, with the promises above as errors (tests/openapi/redocly.yaml).</summary>
    [Fact]
    public async Task The_document_passes_redocly_lint()
    {
        var redocly = Environment.GetEnvironmentVariable("ALLYWARD_TEST_REDOCLY") is { Length: > 0 } path
            ? path
            : throw new InvalidOperationException("ALLYWARD_TEST_REDOCLY is not set. Run ./test.sh, which installs Redocly's CLI and sets it.");
        var file = Path.Combine(app.DataFolder, "openapi.json");
        await File.WriteAllTextAsync(file, (await DocumentAsync()).ToJsonString());
        var config = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(redocly)))!, "redocly.yaml");

        using var lint = Process.Start(new ProcessStartInfo(redocly, ["lint", file, "--config", config, "--format=stylish", "--max-problems=1000"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var output = await lint.StandardOutput.ReadToEndAsync() + await lint.StandardError.ReadToEndAsync();
        await lint.WaitForExitAsync();
        Assert.True(lint.ExitCode == 0, output);
        Assert.Contains("valid", output);
    }
}
