using System.Net.Http.Headers;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Allyward.Platform.Isolation;
using Allyward.Platform.Outbox;
using Allyward.Platform.Tokens;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Tests.Infrastructure;

/// <summary>
/// Allyward with demo data on a database of its own, started in-process the way Program.cs starts it.
/// One instance is shared by all tests of a provider's collection, so tests create the data they change.
/// </summary>
public abstract class AllywardApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly Dictionary<string, string> _tokens = new(StringComparer.OrdinalIgnoreCase);

    public string DataFolder { get; } = Directory.CreateTempSubdirectory("allyward-test-").FullName;
    public string MailFolder => Path.Combine(DataFolder, "mail");

    public abstract DatabaseProvider Provider { get; }
    protected abstract string ConnectionString { get; }

    /// <summary>Where test clients send requests: the in-process server, or a real port.</summary>
    protected virtual Uri ClientBaseAddress => new("http://localhost");

    /// <summary>Extra configuration on top of the test defaults.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("ConnectionStrings:Allyward", ConnectionString);
        builder.UseSetting("Allyward:SeedDemoData", "true");
        builder.UseSetting("Allyward:DataFolder", DataFolder);
        builder.UseSetting("Allyward:PublicUrl", "http://localhost");
        builder.UseSetting("Mail:PickupFolder", MailFolder);
        builder.UseSetting("Outbox:PollInterval", "00:00:00.100");
        // Every test client comes from one address; the limit itself is tested on an app of its own.
        builder.UseSetting("Recruitment:ApplicationsPerMinute", "100000");
        // Demo users register many deals across test classes; the registration limits are tested on an app of their own.
        builder.UseSetting("Deals:RegistrationsPerUserPerMinute", "0");
        builder.UseSetting("Deals:RegistrationsPerPartnerPerMinute", "0");
        // Test webhook receivers listen on loopback; refusing internal targets is tested on an app of its own.
        builder.UseSetting("Webhooks:AllowPrivateNetworks", "true");
        // Many test classes subscribe webhooks on one shared app; the cap itself is tested on an app of its own.
        builder.UseSetting("Webhooks:MaxSubscriptions", "100000");
        // Refusing an oversized video should not need a 500 MB upload.
        builder.UseSetting("Learning:MaxVideoMegabytes", "1");
        // Program evaluations run when a test asks; the schedule itself is tested by calling it.
        builder.UseSetting("Programs:CheckInterval", "1.00:00:00");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    public virtual async Task InitializeAsync()
    {
        await PrepareDatabaseAsync();
        _ = Server; // starts the host: migrations and demo data run as in production
        await Task.CompletedTask;
    }

    protected virtual Task PrepareDatabaseAsync() => Task.CompletedTask;

    public new virtual async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { }
    }

    /// <summary>A client that calls the API with an API token of the given user.</summary>
    public async Task<HttpClient> ApiClientAsync(string email)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientBaseAddress });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenForAsync(email));
        return client;
    }

    /// <summary>A browser-like client that is not signed in and follows no redirect.</summary>
    public HttpClient AnonymousClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientBaseAddress });

    /// <summary>A browser-like client signed in through the sign-in page (cookie session).</summary>
    public async Task<HttpClient> SignInAsync(string email, string password = Demo.Password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientBaseAddress });
        var response = await client.SubmitFormAsync("/account/login", "login",
            new() { ["Input.Email"] = email, ["Input.Password"] = password });
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
        {
            throw new Xunit.Sdk.XunitException($"Sign-in as {email} failed: {(int)response.StatusCode}");
        }
        // A browser names the page a request comes from; the API refuses cookie-authenticated changes without it.
        client.DefaultRequestHeaders.Add("Origin", ClientBaseAddress.GetLeftPart(UriPartial.Authority));
        return client;
    }

    public async Task<string> TokenForAsync(string email)
    {
        if (_tokens.TryGetValue(email, out var token)) return token;
        var user = await WithDbAsync(db => db.Users.SingleAsync(u => u.Email == email));
        token = await WithScopeAsync(async sp =>
            (await sp.GetRequiredService<ApiTokens>().CreateAsync(new CreateTokenRequest { UserId = user.Id, Name = "tests" }, asSystem: true)).Value!.Token);
        return _tokens[email] = token;
    }

    /// <summary>Runs work against the database as the system (no partner isolation).</summary>
    public Task<T> WithDbAsync<T>(Func<AllywardDbContext, Task<T>> work) =>
        WithScopeAsync(sp => work(sp.GetRequiredService<AllywardDbContext>()));

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsSystemScope();
        return await work(scope.ServiceProvider);
    }

    public Task<AppUser> UserAsync(string email) => WithDbAsync(db => db.Users.SingleAsync(u => u.Email == email));

    /// <summary>Handles every due outbox message now, instead of waiting for the background worker.</summary>
    public async Task DrainOutboxAsync()
    {
        var worker = Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<OutboxWorker>().Single();
        for (var i = 0; i < 20 && await worker.DrainOnceAsync(CancellationToken.None) > 0; i++) { }
        // The background worker may hold a message it claimed a moment ago; give it time to finish.
        for (var i = 0; i < 50; i++)
        {
            var now = DateTime.UtcNow;
            var busy = await WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.ProcessedAt == null && m.FailedAt == null && m.NextAttemptAt <= now));
            if (!busy) return;
            await Task.Delay(100);
        }
    }

    /// <summary>Every mail body sent to an address, newest first, after delivering queued mail.</summary>
    public async Task<IReadOnlyList<string>> MailsToAsync(string email)
    {
        await DrainOutboxAsync();
        if (!Directory.Exists(MailFolder)) return [];
        return Directory.GetFiles(MailFolder, "*.eml")
            .Select(f => (File: f, Message: LoadIfWritten(f)))
            .Where(m => m.Message is not null)
            .Select(m => (m.File, Message: m.Message!))
            .Where(m => m.Message.To.Mailboxes.Any(a => a.Address.Equals(email, StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(m => m.Message.Date)
            .ThenByDescending(m => File.GetLastWriteTimeUtc(m.File))
            .Select(m => $"Subject: {m.Message.Subject}\n{m.Message.TextBody}")
            .ToList();
    }

    /// <summary>
    /// A mail file, or nothing while the outbox worker still writes it: it holds the file to itself, but a file created
    /// an instant before its lock is taken reads as empty (another test's mail, since our own were delivered before).
    /// </summary>
    private static MimeKit.MimeMessage? LoadIfWritten(string path)
    {
        try
        {
            return MimeKit.MimeMessage.Load(path);
        }
        catch (Exception ex) when (ex is IOException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The newest mail to an address that contains a text (a link, a subject), after delivering queued mail.</summary>
    public async Task<string> MailWithAsync(string email, string text) =>
        (await MailsToAsync(email)).FirstOrDefault(m => m.Contains(text))
        ?? throw new Xunit.Sdk.XunitException($"No mail to {email} contains '{text}'.");

    /// <summary>The newest mail to an address (subject line, then body), after delivering queued mail.</summary>
    public async Task<string> LatestMailToAsync(string email) =>
        (await MailsToAsync(email)).FirstOrDefault() ?? throw new Xunit.Sdk.XunitException($"No mail was sent to {email}.");
}

public sealed class SqliteApp : AllywardApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    protected override string ConnectionString => $"Data Source={Path.Combine(DataFolder, "allyward.db")}";
}

public sealed class PostgresApp : AllywardApp
{
    private readonly TestPostgres.Database _database = TestPostgres.CreateDatabaseName();

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
    protected override string ConnectionString => _database.ConnectionString;

    protected override Task PrepareDatabaseAsync() => TestPostgres.CreateAsync(_database);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await TestPostgres.DropAsync(_database);
    }
}

[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqliteApp>
{
    public const string Name = "SQLite";
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresApp>
{
    public const string Name = "PostgreSQL";
}
