using System.Net;
using System.Net.Sockets;
using Allyward.Platform.Data;
using Allyward.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Allyward.Tests.Browser;

/// <summary>Allyward on a real Kestrel port, driven by Debian's Chromium through Playwright.</summary>
public sealed class BrowserApp : AllywardApp
{
    private readonly int _port = FreePort();
    private IPlaywright? _playwright;

    public string BaseUrl => $"http://127.0.0.1:{_port}";
    public IBrowser Browser { get; private set; } = default!;

    protected override Uri ClientBaseAddress => new(BaseUrl);

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    protected override string ConnectionString => $"Data Source={Path.Combine(DataFolder, "browser.db")}";
    // Open pages check their user every 5 s here (30 s by default), so a test sees an idle page end without waiting long.
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Allyward:PublicUrl", BaseUrl), new("Allyward:SessionCheckInterval", "00:00:05")];

    public override async Task InitializeAsync()
    {
        UseKestrel(_port);
        StartServer();
        // Shared machines are slow at times; a journey step may take a while without being wrong.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("ALLYWARD_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public override async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>A fresh browser page signed in through the sign-in form; <paramref name="phone"/> gives it a phone's screen (390×844).</summary>
    public async Task<IPage> SignedInPageAsync(string email, string password = Demo.Password, bool phone = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = phone ? new() { Width = 390, Height = 844 } : new() { Width = 1400, Height = 900 },
            IsMobile = phone,
            HasTouch = phone,
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        return page;
    }

    /// <summary>Waits until the page's Blazor circuit is connected and its event handlers work.</summary>
    public static async Task WaitUntilInteractiveAsync(IPage page)
    {
        try
        {
            await page.Locator("#allyward-interactive").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        }
        catch (TimeoutException)
        {
            var shot = Path.Combine(Path.GetTempPath(), $"allyward-browser-{Guid.NewGuid():N}.png");
            await page.ScreenshotAsync(new() { Path = shot });
            throw new TimeoutException($"The page never became interactive; screenshot: {shot}");
        }
    }

    /// <summary>The text box of a form field: MudBlazor puts the test id on the input once interactive, on its wrapper before.</summary>
    public static ILocator Field(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea").First;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "Browser";
}
