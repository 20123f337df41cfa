using Allyward.Partners.Contracts;
using Allyward.Platform.Isolation;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Allyward.Bench;
using Allyward.Deals;
using Allyward.Partners;
using Allyward.Platform.Data;
using Allyward.Platform.Hosting;
using Allyward.Platform.Identity;
using Allyward.Platform.Tokens;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

// Usage: Allyward.Bench [--deals 1000000] [--partners 5000] [--seconds 15] [--postgres <server connection string>] [--out results.md]
//        [--only sqlite|postgres] [--phases check,register,reference] [--clients 1,8,32]
//        Allyward.Bench --learning [--learners 50000] [--partners 5000] [--courses 16] [--seconds 15] [--postgres ...] [--out ...] [--only ...] [--what-if-indexes]
//        Allyward.Bench --tiers [--partners 5000] [--deals 1000000] [--certificates 50000] [--scorecards 200] [--postgres ...] [--out ...] [--only ...]
if (args.Contains("--learning")) return await LearningBench.RunAsync(args);
if (args.Contains("--tiers")) return await TierBench.RunAsync(args);
var options = BenchOptions.Parse(args);
var report = new Report(options);
Console.WriteLine($"Allyward benchmark: {options.Deals:N0} registrations over {options.Partners:N0} partners, {options.Customers:N0} customers.");

if (options.Only is null or "sqlite") await RunAsync(DatabaseProvider.Sqlite, null);
if (options.Only is null or "postgres" && options.Postgres is { } server) await RunAsync(DatabaseProvider.Postgres, server);
else Console.WriteLine("No --postgres server given: PostgreSQL and its references are skipped.");

var markdown = report.ToMarkdown();
Console.WriteLine();
Console.WriteLine(markdown);
if (options.Out is { } outPath) await File.WriteAllTextAsync(outPath, markdown);
return 0;

async Task RunAsync(DatabaseProvider provider, string? server)
{
    Console.WriteLine();
    Console.WriteLine($"== {provider} ==");
    var folder = Directory.CreateTempSubdirectory("allyward-bench-").FullName;
    var connectionString = provider == DatabaseProvider.Sqlite
        ? $"Data Source={Path.Combine(folder, "bench.db")}"
        : await FreshPostgresDatabaseAsync(server!);

    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Database:Provider"] = provider.ToString(),
        ["ConnectionStrings:Allyward"] = connectionString,
        ["Allyward:DataFolder"] = folder,
        ["Allyward:SeedDemoData"] = "false",
        ["Allyward:PublicUrl"] = "http://127.0.0.1",
        // The benchmark measures throughput: the per-user and per-partner registration limits would cap it.
        ["Deals:RegistrationsPerUserPerMinute"] = "0",
        ["Deals:RegistrationsPerPartnerPerMinute"] = "0",
        ["Mail:PickupFolder"] = Path.Combine(folder, "mail"),
    });
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    // A fresh database has no migration history yet; EF logs its first failed look as an error.
    builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", Environment.GetEnvironmentVariable("BENCH_SQL") is null ? LogLevel.None : LogLevel.Information);
    builder.WebHost.UseUrls("http://127.0.0.1:0");
    builder.AddAllyward(Allyward.AllywardModules.All());
    await using var app = builder.Build();
    app.UseAllyward();

    using (var scope = app.Services.CreateAsSystemScope())
    {
        await scope.ServiceProvider.GetRequiredService<DatabaseStartup>().MigrateAsync();
    }
    var people = await SeedPartnersAsync(app.Services, options);
    Console.WriteLine($"Seeded {options.Partners:N0} partners and {people.PartnerTokens.Count} partner users.");

    var data = new DealData(options.Customers, seed: 42);
    var historic = Historic(data, people.PartnerIds, people.RegistrantId, options.Deals);
    var loaded = provider == DatabaseProvider.Postgres
        ? await BulkLoader.LoadPostgresAsync(connectionString, historic)
        : BulkLoader.LoadSqlite(connectionString, historic);
    Console.WriteLine($"Loaded {options.Deals:N0} registrations in {loaded.TotalSeconds:0} s.");
    report.Loads.Add((provider, loaded));

    await app.StartAsync();
    var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        BaseAddress = new Uri(url),
    };

    var probes = Probes(data, 4000);
    var open = await OpenRegistrationsAsync(app.Services);
    Console.WriteLine($"{open:N0} registrations are open or protected.");
    report.OpenRegistrations[provider] = open;

    // Warm-up until the JIT has optimized the hot paths: connection pools, caches, tiered compilation.
    await Measure.ClosedLoopAsync("warm-up", 4, 3000, TimeSpan.FromSeconds(30), (c, i) => CheckAsync(http, people.PartnerTokens[c], probes[i % probes.Count]));
    // Registrations at full concurrency for long enough that tiered compilation is done (it takes about 40 s from
    // start-up on two busy cores); otherwise the first registration measurement pays for the rest of it.
    await Measure.ClosedLoopAsync("warm-up", 32, int.MaxValue, TimeSpan.FromSeconds(30), (c, i) => RegisterAsync(http, people.PartnerTokens[c], data, -1 - i));
    await DrainOutboxAsync(app.Services);
    await BulkLoader.SettleAsync(provider, connectionString);

    var duration = TimeSpan.FromSeconds(options.Seconds);
    if (options.Phases.Contains("check"))
    {
        // The floor under every API call: HTTP, token authentication, one small query.
        report.Add(provider, await Measure.ClosedLoopAsync("authenticated GET (floor)", 1, int.MaxValue, duration,
            (c, _) => GetAsync(http, people.PartnerTokens[c], "/api/v1/deal-fields")));
    }
    foreach (var clients in options.Phases.Contains("check") ? options.Clients : [])
    {
        var offset = clients * 1000;
        var result = await Measure.ClosedLoopAsync("conflict-check", clients, int.MaxValue, duration,
            (c, i) => CheckAsync(http, people.PartnerTokens[c], probes[(offset + i) % probes.Count]));
        report.Add(provider, result);
    }
    if (options.Phases.Contains("check"))
    {
        // Last, so that the one-client measurements before it run on the few connections one client needs.
        report.Add(provider, await Measure.ClosedLoopAsync("authenticated GET (floor)", 32, int.MaxValue, duration,
            (c, _) => GetAsync(http, people.PartnerTokens[c], "/api/v1/deal-fields")));
    }
    var serial = 0;
    foreach (var autoApprove in options.Phases.Contains("register") ? new[] { false, true } : [])
    {
        await SetAutoApprovalAsync(app.Services, autoApprove);
        foreach (var clients in options.Clients)
        {
            var result = await Measure.ClosedLoopAsync(autoApprove ? "register (auto-approval)" : "register", clients, int.MaxValue, duration,
                (c, _) => RegisterAsync(http, people.PartnerTokens[c], data, Interlocked.Increment(ref serial)));
            // The mail and notifications of the registrations must keep up too: what is left is reported, and drained
            // before the next measurement so that it does not slow that one down.
            var waiting = await WaitingOutboxAsync(app.Services);
            var drain = await DrainOutboxAsync(app.Services);
            report.Add(provider, result with { OutboxWaiting = waiting, OutboxDrainSeconds = drain.TotalSeconds });
        }
    }

    if (provider == DatabaseProvider.Postgres && options.Phases.Contains("reference"))
    {
        report.Add(provider, await References.TrigramLookupAsync(connectionString, probes, duration));
        foreach (var clients in options.Clients)
        {
            report.Add(provider, await References.RawInsertAsync(connectionString, clients, duration, people.PartnerIds[0]));
        }
        if (options.Clients.Contains(32))
        {
            report.Add(provider, await References.RegistrationWritesAsync(connectionString, probes, 32, duration, people.PartnerIds[0], people.RegistrantId));
        }
    }
    await app.StopAsync();
    NpgsqlConnection.ClearAllPools();
    try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
}

static IEnumerable<Deal> Historic(DealData data, IReadOnlyList<Guid> partners, Guid registrant, int count)
{
    var random = new Random(7);
    var now = DateTime.UtcNow;
    var watch = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
    {
        yield return data.NewHistoricDeal(random, partners[random.Next(partners.Count)], registrant, now);
        if ((i + 1) % 200_000 == 0) Console.WriteLine($"  {i + 1:N0} registrations written ({watch.Elapsed.TotalSeconds:0} s)");
    }
}

/// <summary>Customers a partner might check: half already registered (as typed, with typos), half never seen.</summary>
static List<Allyward.Deals.RegisterDeal.CustomerRequest> Probes(DealData data, int count)
{
    var random = new Random(99);
    var only = Environment.GetEnvironmentVariable("BENCH_PROBES");
    return Enumerable.Range(0, count).Select(i =>
    {
        if (only == "new" || (only != "existing" && i % 2 == 1))
        {
            return new Allyward.Deals.RegisterDeal.CustomerRequest { CompanyName = DealData.NewCustomerName(random, 900_000 + i), Country = "US" };
        }
        var customer = data.PickCustomer(random);
        return new Allyward.Deals.RegisterDeal.CustomerRequest
        {
            CompanyName = DealData.AsTyped(customer, random), Website = i % 4 == 0 ? $"https://{customer.Domain}" : null, Country = customer.Country,
        };
    }).ToList();
}

static async Task<bool> GetAsync(HttpClient http, string token, string path)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, path);
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    using var response = await http.SendAsync(request);
    await response.Content.LoadIntoBufferAsync();
    return response.IsSuccessStatusCode;
}

static async Task<bool> CheckAsync(HttpClient http, string token, Allyward.Deals.RegisterDeal.CustomerRequest customer)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/deals/conflict-check") { Content = JsonContent.Create(new { customer }) };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    using var response = await http.SendAsync(request);
    await response.Content.LoadIntoBufferAsync();
    if (!response.IsSuccessStatusCode && Random.Shared.Next(200) == 0) Console.WriteLine($"  check failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    return response.IsSuccessStatusCode;
}

static async Task<bool> RegisterAsync(HttpClient http, string token, DealData data, int serial)
{
    // Seven in ten registrations are new customers; the rest collide with earlier registrations.
    var random = new Random(serial);
    var existing = serial % 10 >= 7 ? data.PickCustomer(random) : null;
    var name = existing is null ? DealData.NewCustomerName(random, Math.Abs(serial)) : DealData.AsTyped(existing, random);
    var body = new
    {
        customer = new
        {
            companyName = name,
            website = existing is null ? null : $"https://{existing.Domain}",
            contactEmail = existing is null ? $"buyer@{new string(name.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant()}.example" : $"buyer@{existing.Domain}",
            country = existing?.Country ?? "US",
        },
        products = new[] { "Platform" },
        amount = 2_500_000,
        currency = "USD",
        expectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(60)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };
    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/deals") { Content = JsonContent.Create(body) };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    using var response = await http.SendAsync(request);
    await response.Content.LoadIntoBufferAsync();
    if (!response.IsSuccessStatusCode && serial % 50 == 0) Console.WriteLine($"  registration failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    return response.IsSuccessStatusCode;
}

static async Task<string> FreshPostgresDatabaseAsync(string server)
{
    await using (var admin = new NpgsqlConnection(server))
    {
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand("DROP DATABASE IF EXISTS allyward_bench WITH (FORCE); ", admin);
        await drop.ExecuteNonQueryAsync();
        await using var create = new NpgsqlCommand("CREATE DATABASE allyward_bench", admin);
        await create.ExecuteNonQueryAsync();
    }
    return new NpgsqlConnectionStringBuilder(server) { Database = "allyward_bench", MaxPoolSize = 100 }.ConnectionString;
}

static async Task<Seeded> SeedPartnersAsync(IServiceProvider services, BenchOptions options)
{
    await using var scope = services.CreateAsSystemScope();
    var db = scope.ServiceProvider.GetRequiredService<AllywardDbContext>();
    var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
    var now = DateTime.UtcNow;
    var manager = new AppUser { UserName = "cam@bench.example", Email = "cam@bench.example", FullName = "Casey Manager", Role = UserRole.ChannelAccountManager, CreatedAt = now };
    await users.CreateAsync(manager);

    var partners = Enumerable.Range(1, options.Partners).Select(i =>
    {
        var partner = Partner.Create($"Bench Partner {i:00000}", PartnerStage.Active, now);
        partner.OwnerId = manager.Id;
        partner.Country = "US";
        return partner;
    }).ToList();
    db.Partners.AddRange(partners);
    await db.SaveChangesAsync();

    var tokens = new List<string>();
    Guid registrant = default;
    for (var i = 0; i < 32; i++)
    {
        var seller = new AppUser
        {
            UserName = $"seller{i}@bench.example", Email = $"seller{i}@bench.example", FullName = $"Bench Seller {i}", Role = UserRole.PartnerSales,
            PartnerId = partners[i].Id, CreatedAt = now,
        };
        await users.CreateAsync(seller);
        if (i == 0) registrant = seller.Id;
        var created = await scope.ServiceProvider.GetRequiredService<ApiTokens>().CreateAsync(new CreateTokenRequest { UserId = seller.Id, Name = "bench" }, asSystem: true);
        tokens.Add(created.Value!.Token);
    }
    return new Seeded(partners.Select(p => p.Id).ToList(), registrant, tokens);
}

static async Task<int> WaitingOutboxAsync(IServiceProvider services)
{
    await using var scope = services.CreateAsSystemScope();
    var db = scope.ServiceProvider.GetRequiredService<AllywardDbContext>();
    return await db.OutboxMessages.CountAsync(m => m.ProcessedAt == null && m.FailedAt == null);
}

static async Task<TimeSpan> DrainOutboxAsync(IServiceProvider services)
{
    var watch = System.Diagnostics.Stopwatch.StartNew();
    while (watch.Elapsed < TimeSpan.FromMinutes(5) && await WaitingOutboxAsync(services) > 0) await Task.Delay(100);
    return watch.Elapsed;
}

static async Task<int> OpenRegistrationsAsync(IServiceProvider services)
{
    await using var scope = services.CreateAsSystemScope();
    var db = scope.ServiceProvider.GetRequiredService<AllywardDbContext>();
    return await db.Deals.CountAsync(d => d.Status == DealStatus.Submitted || d.Status == DealStatus.Approved);
}

static async Task SetAutoApprovalAsync(IServiceProvider services, bool on)
{
    await using var scope = services.CreateAsSystemScope();
    await scope.ServiceProvider.GetRequiredService<DealSettingsHandler>().SaveAsync(new DealSettingsDto { AutoApproveWithoutConflict = on, ProtectionDays = 90 });
}

internal sealed record Seeded(IReadOnlyList<Guid> PartnerIds, Guid RegistrantId, IReadOnlyList<string> PartnerTokens);
