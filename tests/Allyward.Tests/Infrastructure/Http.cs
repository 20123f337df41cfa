using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Allyward.Tests.Infrastructure;

public static partial class Http
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new Xunit.Sdk.XunitException($"Empty JSON body ({(int)response.StatusCode}).");
    }

    /// <summary>Asserts the status code, showing the body when it differs.</summary>
    public static async Task<HttpResponseMessage> ExpectAsync(this Task<HttpResponseMessage> request, HttpStatusCode status)
    {
        var response = await request;
        if (response.StatusCode != status)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new Xunit.Sdk.XunitException($"Expected {(int)status} {status} but got {(int)response.StatusCode} {response.StatusCode}: {body}");
        }
        return response;
    }

    public static async Task<JsonNode> ExpectJsonAsync(this Task<HttpResponseMessage> request, HttpStatusCode status) =>
        await (await request.ExpectAsync(status)).ReadJsonAsync();

    /// <summary>Asserts a ProblemDetails answer with the given status that names the field.</summary>
    public static async Task<JsonNode> ExpectProblemAsync(this Task<HttpResponseMessage> request, HttpStatusCode status, string? field = null)
    {
        var response = await request.ExpectAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        if (field is not null)
        {
            var errors = problem["errors"]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"No field errors in {problem}");
            Assert.True(errors.Any(e => e.Key.Equals(field, StringComparison.OrdinalIgnoreCase)), $"Expected an error for '{field}' in {problem}");
        }
        return problem;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, Json);

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) =>
        client.PutAsJsonAsync(url, body, Json);

    /// <summary>Posts a server-rendered Blazor form the way a browser does: with its antiforgery token and handler name.</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(this HttpClient client, string pageUrl, string formName, Dictionary<string, string> fields, string? action = null)
    {
        var page = await client.GetAsync(pageUrl);
        var html = await page.Content.ReadAsStringAsync();
        var token = AntiforgeryField().Match(html);
        if (!token.Success) throw new Xunit.Sdk.XunitException($"No antiforgery token on {pageUrl} ({(int)page.StatusCode}): {html[..Math.Min(500, html.Length)]}");
        var values = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["_handler"] = formName,
        };
        return await client.PostAsync(action ?? pageUrl, new FormUrlEncodedContent(values));
    }

    public static string LinkIn(string mailText, string path) =>
        Regex.Match(mailText, $@"https?://\S*{Regex.Escape(path)}\S*").Value is { Length: > 0 } link
            ? link
            : throw new Xunit.Sdk.XunitException($"No {path} link in: {mailText}");

    /// <summary>Where a redirect points, as a path and query.</summary>
    public static string RedirectPath(this HttpResponseMessage response) =>
        new Uri(new Uri("http://localhost"), response.Headers.Location ?? throw new Xunit.Sdk.XunitException("Not a redirect.")).PathAndQuery;

    /// <summary>The path and query of an absolute link, to request it from the in-process server.</summary>
    public static string PathOf(string link) => new Uri(link).PathAndQuery;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
