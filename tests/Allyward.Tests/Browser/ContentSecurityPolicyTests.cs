using System.Net;
using Allyward.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Allyward.Tests.Browser;

/// <summary>The console and the portal work in a real browser that enforces the pages' Content-Security-Policy, and nothing is blocked.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyTests(BrowserApp app)
{
    /// <summary>A page whose policy violations (as the browser reports them) are collected.</summary>
    private async Task<(IPage Page, List<string> Violations)> WatchedPageAsync()
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl, ViewportSize = new() { Width = 1400, Height = 900 } });
        context.SetDefaultTimeout(20_000);
        // Init scripts come from the browser's tooling, not the page, so the policy does not apply to this listener.
        await context.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI))");
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.StartsWith("CSP violation"))
            {
                lock (violations) violations.Add(message.Text);
            }
        };
        return (page, violations);
    }

    private static async Task SignInAsync(IPage page, string email)
    {
        var response = await page.GotoAsync("/account/login");
        Assert.NotNull(response);
        Assert.Contains("script-src 'self'", await response.HeaderValueAsync("content-security-policy") ?? "");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", Demo.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
    }

    [Fact]
    public async Task The_portal_and_the_console_run_under_the_policy_without_violations()
    {
        var title = $"Policy agreement {Unique.Suffix()}";
        await (await app.ApiClientAsync(Demo.Admin)).PostJsonAsync("/api/v1/agreements", new
        {
            title, text = $"# {title}\n\nRead the [terms](https://example.com/terms) and do not [click](javascript:alert(1)).",
        }).ExpectAsync(HttpStatusCode.Created);

        var (portal, portalViolations) = await WatchedPageAsync();
        await SignInAsync(portal, Demo.PartnerAAdmin);
        await BrowserApp.WaitUntilInteractiveAsync(portal);
        await portal.GotoAsync("/portal/agreements");
        await BrowserApp.WaitUntilInteractiveAsync(portal);
        var agreement = portal.Locator("[data-testid=agreement]").Filter(new() { HasText = title });
        await Expect(agreement.GetByRole(AriaRole.Link, new() { Name = "terms" })).ToHaveAttributeAsync("href", "https://example.com/terms");
        await Expect(agreement.GetByText("click", new() { Exact = true })).Not.ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("javascript", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        // An interactive control still works: consenting enables the sign button.
        await agreement.GetByText("I have read this agreement").ClickAsync();
        await Expect(agreement.Locator("[data-testid=sign]")).ToBeEnabledAsync();

        var (console, consoleViolations) = await WatchedPageAsync();
        await SignInAsync(console, Demo.Cam);
        await BrowserApp.WaitUntilInteractiveAsync(console);
        await console.GetByRole(AriaRole.Link, new() { Name = "Partners", Exact = true }).ClickAsync();
        await BrowserApp.WaitUntilInteractiveAsync(console);
        await console.Locator("[data-testid=filter-stage]").ClickAsync();
        await Expect(console.Locator(".mud-popover-open .mud-list-item").First).ToBeVisibleAsync();

        Assert.Empty(portalViolations);
        Assert.Empty(consoleViolations);
    }
}
