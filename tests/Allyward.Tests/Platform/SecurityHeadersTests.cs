using System.Net;
using System.Text.RegularExpressions;
using Allyward.Tests.Infrastructure;

namespace Allyward.Tests.Platform;

/// <summary>Every page tells the browser to run only the site's own script files and not to be framed.</summary>
public abstract class SecurityHeadersTests(AllywardApp app)
{
    internal static Dictionary<string, string[]> Directives(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var values), $"{response.RequestMessage?.RequestUri} has no Content-Security-Policy.");
        return values.Single().Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(d => d[0].ToLowerInvariant(), d => d[1..]);
    }

    /// <summary>The policy's sources for script: only the site itself, nothing inline, no eval, no other origin.</summary>
    internal static void AssertScriptOnlyFromTheSite(Dictionary<string, string[]> policy)
    {
        var script = policy.GetValueOrDefault("script-src") ?? policy.GetValueOrDefault("default-src")
                     ?? throw new Xunit.Sdk.XunitException("The policy limits no script.");
        Assert.Equal(["'self'"], script);
        if (policy.TryGetValue("script-src-elem", out var elements)) Assert.Equal(["'self'"], elements);
        if (policy.TryGetValue("script-src-attr", out var attributes)) Assert.Equal(["'none'"], attributes);
        Assert.Equal(["'none'"], policy["object-src"]);
        Assert.Equal(["'self'"], policy["base-uri"]);
        Assert.Equal(["'none'"], policy["frame-ancestors"]);
    }

    internal static void AssertHardened(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        var referrer = Assert.Single(response.Headers.GetValues("Referrer-Policy"));
        Assert.Contains(referrer, new[] { "no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin" });
    }

    [Theory]
    [InlineData("/account/login", null)]
    [InlineData("/apply", null)]
    [InlineData("/no-such-page", null)]
    [InlineData("/console", Demo.Admin)]
    [InlineData("/console/partners", Demo.Cam)]
    [InlineData("/portal", Demo.PartnerAAdmin)]
    [InlineData("/portal/agreements", Demo.PartnerAAdmin)]
    public async Task Pages_allow_only_the_sites_own_script_files(string path, string? signedInAs)
    {
        var client = signedInAs is null ? app.CreateClient(new() { AllowAutoRedirect = false }) : await app.SignInAsync(signedInAs);
        var response = await client.GetAsync(path);
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.NotFound });
        AssertScriptOnlyFromTheSite(Directives(response));
        AssertHardened(response);

        // The page itself has no inline script and no handler attribute, which the policy would block.
        var html = await response.Content.ReadAsStringAsync();
        var scripts = Regex.Matches(html, @"<script\b([^>]*)>", RegexOptions.IgnoreCase).Select(m => m.Groups[1].Value).ToList();
        if (response.StatusCode == HttpStatusCode.OK) Assert.NotEmpty(scripts);
        Assert.All(scripts, attributes => Assert.Matches(@"\ssrc\s*=", attributes));
        Assert.DoesNotMatch(new Regex(@"<[a-z][^>]*\son[a-z]+\s*=\s*[""']", RegexOptions.IgnoreCase), html);
    }

    [Fact]
    public async Task Api_answers_carry_the_same_hardening()
    {
        var response = await (await app.ApiClientAsync(Demo.Cam)).GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertScriptOnlyFromTheSite(Directives(response));
        AssertHardened(response);
        var problem = await app.CreateClient().GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, problem.StatusCode);
        AssertHardened(problem);
    }

    [Fact]
    public async Task The_api_reference_page_cannot_be_framed_either()
    {
        var response = await app.CreateClient().GetAsync("/api/reference/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = Directives(response);
        Assert.Equal(["'none'"], policy["frame-ancestors"]);
        Assert.Equal(["'none'"], policy["object-src"]);
        Assert.Equal(["'self'"], policy["base-uri"]);
        AssertHardened(response);
    }

    [Fact]
    public async Task The_api_reference_loads_nothing_from_elsewhere_and_offers_no_hosted_service_buttons()
    {
        var response = await app.CreateClient().GetAsync("/api/reference/");
        var policy = Directives(response);
        Assert.DoesNotContain(policy.Values.SelectMany(v => v), source => source.StartsWith("https") || source.StartsWith("http:"));
        var html = await response.Content.ReadAsStringAsync();
        var config = System.Text.RegularExpressions.Regex.Replace(html, @"\s+", "");
        Assert.Contains("\"showDeveloperTools\":\"never\"", config);
        Assert.Contains("\"telemetry\":false", config);
        Assert.Contains("\"withDefaultFonts\":false", config);
        Assert.Contains("\"agent\":{\"disabled\":true}", config);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SecurityHeadersOnSqlite(SqliteApp app) : SecurityHeadersTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SecurityHeadersOnPostgres(PostgresApp app) : SecurityHeadersTests(app);
