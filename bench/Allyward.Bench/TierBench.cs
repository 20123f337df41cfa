using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Allyward.Learning;
using Allyward.Partners;
using Allyward.Partners.Contracts;
using Allyward.Platform.Data;
using Allyward.Platform.Hosting;
using Allyward.Platform.Identity;
using Allyward.Platform.Isolation;
using Allyward.Programs;
using Allyward.Programs.Currencies;
using Allyward.Programs.Evaluation;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Allyward.Bench;

public sealed record TierOptions(int Partners, int Deals, int Certificates, int Scorecards, string? Postgres, string? Out, string? Only)
{
    public static TierOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new TierOptions(
            int.Parse(Value("--partners") ?? "5000", CultureInfo.InvariantCulture),
            int.Parse(Value("--deals") ?? "1000000", CultureInfo.InvariantCulture),
            int.Parse(Value("--certificates") ?? "50000", CultureInfo.InvariantCulture),
            int.Parse(Value("--scorecards") ?? "200", CultureInfo.InvariantCulture),
            Value("--postgres"),
            Value("--out"),
            Value("--only")?.ToLowerInvariant());
    }
}

/// <summary>
/// The tier evaluation benchmark (Programs, "Speed"): the whole evaluation of one program over every partner, first
/// (everyone joins) and again (steady state), next to one plain SQL aggregate computing the same measures per partner in
/// the same run; and one partner's scorecard, p50/p95 over random partners, next to the plain SQL for that partner.
/// </summary>
public static class TierBench
{
    private static volatile bool _logStatements;

    private static readonly int[] DemotedPartners = [.. Enumerable.Range(0, 50).Select(i => i * 7)];

    public static async Task<int> RunAsync(string[] args)
    {
        var options = TierOptions.Parse(args);
        var report = new TierReport(options);
        Console.WriteLine($"Allyward tier benchmark: {options.Partners:N0} partners, {options.Deals:N0} deals, {options.Certificates:N0} certificates.");
        if (options.Only is null or "sqlite") await RunAsync(options, report, DatabaseProvider.Sqlite, null);
        if (options.Only is null or "postgres" && options.Postgres is { } server) await RunAsync(options, report, DatabaseProvider.Postgres, server);
        else Console.WriteLine("No --postgres server given: PostgreSQL is skipped.");
        var markdown = report.ToMarkdown();
        Console.WriteLine();
        Console.WriteLine(markdown);
        if (options.Out is { } outPath) await File.WriteAllTextAsync(outPath, markdown);
        return 0;
    }

    private static async Task RunAsync(TierOptions options, TierReport report, DatabaseProvider provider, string? server)
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
            ["Mail:PickupFolder"] = Path.Combine(folder, "mail"),
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // BENCH_SQL logs every statement; BENCH_PLANS those of three scorecards (with their times) and the plain SQL's plans.
        var logAll = Environment.GetEnvironmentVariable("BENCH_SQL") is not null;
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", level => level >= LogLevel.Information && (logAll || _logStatements));
        builder.AddAllyward(AllywardModules.All());
        // Not started: no background work (scheduled evaluation, outbox) runs beside the measurements.
        await using var app = builder.Build();
        app.UseAllyward();
        using (var scope = app.Services.CreateAsSystemScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseStartup>().MigrateAsync();
        }

        var now = DateTime.UtcNow;
        var watch = Stopwatch.StartNew();
        var seeded = await SeedAsync(app.Services, options.Partners, now);
        var data = new TierBenchData(seeded.PartnerIds, seeded.PartnerNames, seeded.RegistrantId, now);
        var counts = new Dictionary<string, int>();
        if (provider == DatabaseProvider.Postgres)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            counts["Deals"] = await TableLoader.TimedAsync("Deals", () => TableLoader.LoadPostgresAsync(connection, "Deals", TierBenchData.DealColumns, data.DealRows(options.Deals, sqlite: false)));
            counts["Certificates"] = await TableLoader.TimedAsync("Certificates",
                () => TableLoader.LoadPostgresAsync(connection, "Certificates", TierBenchData.CertificateColumns, data.CertificateRows(options.Certificates, seeded.Certifications)));
        }
        else
        {
            using var connection = TableLoader.OpenSqlite(connectionString);
            counts["Deals"] = await TableLoader.TimedAsync("Deals", () => Task.FromResult(TableLoader.LoadSqlite(connection, "Deals", TierBenchData.DealColumns, data.DealRows(options.Deals, sqlite: true))));
            counts["Certificates"] = await TableLoader.TimedAsync("Certificates",
                () => Task.FromResult(TableLoader.LoadSqlite(connection, "Certificates", TierBenchData.CertificateColumns, data.CertificateRows(options.Certificates, seeded.Certifications))));
        }
        await BulkLoader.SettleAsync(provider, connectionString);
        Console.WriteLine($"Loaded in {watch.Elapsed.TotalSeconds:0} s (analysed and checkpointed).");
        var run = report.Add(provider);
        run.Load = watch.Elapsed;
        run.Rows = counts;

        await using var reference = await TierReference.OpenAsync(provider, connectionString);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var from = today.AddMonths(-12).AddDays(1);
        var at = today.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

        // Once before anything is timed, so that both sides start from the same cache.
        await reference.AllAsync(from, today, at);

        // The set-wise measures alone, as the evaluation computes them, checked against the plain SQL.
        Dictionary<Guid, long[]> measured;
        var metricsWatch = Stopwatch.StartNew();
        await using (var scope = app.Services.CreateAsSystemScope())
        {
            measured = await MeasuresAsync(scope.ServiceProvider, seeded.Gold, today);
        }
        run.MetricsOnly = metricsWatch.Elapsed;
        var sql = await reference.AllAsync(from, today, at);
        run.Agreement = Compare(measured, sql);
        Console.WriteLine($"  measures alone: {run.MetricsOnly.TotalSeconds:0.00} s; against plain SQL: {run.Agreement}");

        run.First = await EvaluateAsync(app.Services, seeded.ProgramId);
        Console.WriteLine($"  first evaluation: {run.First.Elapsed.TotalSeconds:0.00} s, {run.First.Summary}");

        // A few partners lose their certified people, so the second run warns them; the rest stands still.
        await reference.RevokeCertificatesAsync([.. DemotedPartners.Where(i => i < seeded.PartnerIds.Count).Select(i => seeded.PartnerIds[i])], DateTime.UtcNow);
        run.Second = await EvaluateAsync(app.Services, seeded.ProgramId);
        Console.WriteLine($"  second evaluation: {run.Second.Elapsed.TotalSeconds:0.00} s, {run.Second.Summary}");

        var sqlTimes = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var sqlWatch = Stopwatch.StartNew();
            var rows = await reference.AllAsync(from, today, at);
            sqlTimes.Add(sqlWatch.Elapsed.TotalSeconds);
            if (rows.Count != seeded.PartnerIds.Count) throw new InvalidOperationException($"The plain SQL gave {rows.Count} partners.");
        }
        sqlTimes.Sort();
        run.PlainSql = TimeSpan.FromSeconds(sqlTimes[1]);
        Console.WriteLine($"  plain SQL, all partners: {string.Join(", ", sqlTimes.Select(t => $"{t:0.00} s"))}");

        // One partner's scorecard, as the system would build it for the page, for random partners.
        var random = new Random(3);
        var picks = Enumerable.Range(0, options.Scorecards + 20).Select(_ => seeded.PartnerIds[random.Next(seeded.PartnerIds.Count)]).ToList();
        async Task<bool> ScorecardAsync(Guid partnerId)
        {
            await using var scope = app.Services.CreateAsSystemScope();
            var outcome = await scope.ServiceProvider.GetRequiredService<Allyward.Programs.Scorecards.Scorecards>().ForAsync(partnerId);
            return outcome.Value is { Programs.Count: 1 };
        }
        await Measure.ClosedLoopAsync("warm-up", 1, 20, TimeSpan.FromMinutes(1), (_, i) => ScorecardAsync(picks[options.Scorecards + i]));
        if (Environment.GetEnvironmentVariable("BENCH_PLANS") is not null)
        {
            _logStatements = true;
            for (var i = 0; i < 3; i++) await ScorecardAsync(picks[options.Scorecards + i]);
            _logStatements = false;
        }
        run.Scorecard = await Measure.ClosedLoopAsync("scorecard, one partner", 1, options.Scorecards, TimeSpan.FromMinutes(2), (_, i) => ScorecardAsync(picks[i]));
        await Measure.ClosedLoopAsync("warm-up", 1, 20, TimeSpan.FromMinutes(1), async (_, i) => (await reference.OneAsync(picks[options.Scorecards + i], from, today, at)).Count == 1);
        run.ScorecardSql = await Measure.ClosedLoopAsync("one partner's measures, plain SQL", 1, options.Scorecards, TimeSpan.FromMinutes(2),
            async (_, i) => (await reference.OneAsync(picks[i], from, today, at)).Count == 1);
        foreach (var r in new[] { run.Scorecard, run.ScorecardSql })
            Console.WriteLine($"  {r.Name,-36} p50 {r.P50,8:0.00} ms  p95 {r.P95,8:0.00} ms  p99 {r.P99,8:0.00} ms  ({r.Count} ok, {r.Errors} failed)");

        await reference.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    private static async Task<Evaluated> EvaluateAsync(IServiceProvider services, Guid programId)
    {
        var watch = Stopwatch.StartNew();
        await using var scope = services.CreateAsSystemScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<ProgramEvaluator>().RunAsync(programId, "Scheduled evaluation", null);
        var elapsed = watch.Elapsed;
        var s = outcome.Value ?? throw new InvalidOperationException($"The evaluation failed: {outcome}");
        return new Evaluated(elapsed, $"{s.Partners:N0} partners: {s.Joined:N0} joined, {s.Promoted:N0} promoted, {s.ProposedPromotions:N0} proposed, {s.Warned:N0} warned, {s.Demoted:N0} demoted, {s.Recovered:N0} recovered");
    }

    /// <summary>Won revenue, won deals, new customers and certified people per partner, as the evaluation measures them for Gold.</summary>
    private static async Task<Dictionary<Guid, long[]>> MeasuresAsync(IServiceProvider services, Tier gold, DateOnly today)
    {
        var requirements = gold.Requirements.Items;
        MetricRequest Request(RequirementKind kind) => MetricRequest.For(requirements.First(r => r.Kind == kind), today);
        RequirementKind[] kinds = [RequirementKind.WonRevenue, RequirementKind.WonDeals, RequirementKind.NewCustomersWon, RequirementKind.CertifiedPeople];
        var requests = kinds.Select(Request).ToList();
        var values = await services.GetRequiredService<PartnerMetrics>().ComputeAsync(requests, "USD", null);
        var db = services.GetRequiredService<AllywardDbContext>();
        var ids = db.PartnerSummaries.Select(p => p.Id).ToList();
        return ids.ToDictionary(id => id, id => requests.Select(r => values.Get(id, r)).ToArray());
    }

    private static string Compare(Dictionary<Guid, long[]> measured, Dictionary<Guid, long[]> sql)
    {
        var differ = new int[4];
        long revenueDiff = 0;
        foreach (var (id, values) in measured)
        {
            var other = sql.GetValueOrDefault(id) ?? new long[4];
            for (var i = 0; i < 4; i++) if (values[i] != other[i]) differ[i]++;
            revenueDiff = Math.Max(revenueDiff, Math.Abs(values[0] - other[0]));
        }
        return differ.All(d => d == 0)
            ? $"the same for all {measured.Count:N0} partners"
            : $"partners differing in revenue {differ[0]} (at most {revenueDiff} cents), deals {differ[1]}, new customers {differ[2]}, certified {differ[3]}";
    }

    private static async Task<string> FreshPostgresDatabaseAsync(string server)
    {
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand("DROP DATABASE IF EXISTS allyward_tiers WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE allyward_tiers", admin);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = "allyward_tiers", MaxPoolSize = 100 }.ConnectionString;
    }

    private sealed record Seeded(List<Guid> PartnerIds, List<string> PartnerNames, Guid RegistrantId, List<(Guid Id, string Name)> Certifications, Guid ProgramId, Tier Gold);

    /// <summary>Partners of mixed types, a manager and a seller, three certifications, monthly EUR and GBP rates into USD, and the four-tier program.</summary>
    private static async Task<Seeded> SeedAsync(IServiceProvider services, int count, DateTime now)
    {
        await using var scope = services.CreateAsSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AllywardDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var manager = new AppUser { UserName = "cam@bench.example", Email = "cam@bench.example", FullName = "Casey Manager", Role = UserRole.ChannelAccountManager, CreatedAt = now };
        await users.CreateAsync(manager);
        PartnerType[] types = [PartnerType.Reseller, PartnerType.Reseller, PartnerType.Reseller, PartnerType.ManagedServiceProvider, PartnerType.ManagedServiceProvider,
            PartnerType.SystemIntegrator, PartnerType.SystemIntegrator, PartnerType.Distributor, PartnerType.Referral, PartnerType.TechnologyPartner];
        var partners = Enumerable.Range(1, count).Select(i =>
        {
            var partner = Partner.Create($"Bench Partner {i:00000}", PartnerStage.Active, now.AddYears(-3));
            partner.OwnerId = manager.Id;
            partner.Country = "US";
            partner.Type = types[i % types.Length];
            return partner;
        }).ToList();
        db.Partners.AddRange(partners);
        var seller = new AppUser
        {
            UserName = "seller@bench.example", Email = "seller@bench.example", FullName = "Bench Seller", Role = UserRole.PartnerSales, PartnerId = partners[0].Id, CreatedAt = now,
        };
        await db.SaveChangesAsync();
        await users.CreateAsync(seller);

        var certifications = Enumerable.Range(1, 3).Select(i => new Certification { Name = $"Bench certification {i}", Description = "Certified.", CreatedAt = now.AddYears(-3) }).ToList();
        db.Certifications.AddRange(certifications);
        var firstMonth = new DateOnly(now.Year, now.Month, 1).AddMonths(-25);
        for (var m = 0; m <= 25; m++)
        {
            db.ExchangeRates.Add(new ExchangeRate { FromCurrency = "EUR", ToCurrency = "USD", EffectiveOn = firstMonth.AddMonths(m), Rate = 1.05m + 0.004m * (m % 7) });
            db.ExchangeRates.Add(new ExchangeRate { FromCurrency = "GBP", ToCurrency = "USD", EffectiveOn = firstMonth.AddMonths(m), Rate = 1.24m + 0.005m * (m % 5) });
        }

        // As the demo program: Registered; Silver on revenue and a certified person; Gold on revenue, deals, certified
        // people and one of new customers or onboarding; Platinum on more of each. Promotions are made at once.
        var program = new PartnerProgram { Name = "Bench Partner Program", Currency = "USD", GraceDays = 90, PromotionsNeedApproval = false, EvaluationDay = 1, CreatedAt = now.AddYears(-1) };
        db.Programs.Add(program);
        Tier Tier(int rank, string name, List<TierRequirement> requirements, int optionalNeeded = 0) => new()
        {
            ProgramId = program.Id, Rank = rank, Name = name, Description = name, Benefits = new TierBenefits { DiscountPercent = 10 + 10 * rank },
            Requirements = new TierRequirements { Items = requirements, OptionalNeeded = optionalNeeded },
        };
        static TierRequirement Requirement(RequirementKind kind, long target, int window = 12, bool required = true) =>
            new() { Kind = kind, Target = target, WindowMonths = window, Required = required };
        var gold = Tier(2, "Gold",
            [Requirement(RequirementKind.WonRevenue, 300_000_00), Requirement(RequirementKind.WonDeals, 5), Requirement(RequirementKind.CertifiedPeople, 2, window: 0),
             Requirement(RequirementKind.NewCustomersWon, 3, required: false), Requirement(RequirementKind.OnboardingCompleted, 1, window: 0, required: false)],
            optionalNeeded: 1);
        db.Tiers.AddRange(
            Tier(0, "Registered", []),
            Tier(1, "Silver", [Requirement(RequirementKind.WonRevenue, 100_000_00), Requirement(RequirementKind.CertifiedPeople, 1, window: 0)]),
            gold,
            Tier(3, "Platinum", [Requirement(RequirementKind.WonRevenue, 1_000_000_00), Requirement(RequirementKind.WonDeals, 12), Requirement(RequirementKind.CertifiedPeople, 4, window: 0)]));
        await db.SaveChangesAsync();
        return new Seeded(partners.Select(p => p.Id).ToList(), partners.Select(p => p.Name).ToList(), seller.Id,
            certifications.Select(c => (c.Id, c.Name)).ToList(), program.Id, gold);
    }
}

public sealed record Evaluated(TimeSpan Elapsed, string Summary);

/// <summary>
/// The measures the tiers are judged by (won revenue in USD at each day's rate, won deals and new customers over the last
/// 12 months, certified people now) per partner, from one plain SQL statement over the same tables, no ORM: the reference.
/// </summary>
public sealed class TierReference(DatabaseProvider provider, DbConnection connection) : IAsyncDisposable
{
    public static async Task<TierReference> OpenAsync(DatabaseProvider provider, string connectionString)
    {
        DbConnection connection = provider == DatabaseProvider.Postgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        await connection.OpenAsync();
        return new TierReference(provider, connection);
    }

    // A day's won business in another currency converts at the rate in effect that day, rounded to the cent, as the app does.
    private const string Sql =
        """
        WITH won AS (
            SELECT "PartnerId", "Currency", coalesce("ClosedOn", "ExpectedCloseDate") AS day, "AmountMinor" AS amount,
                coalesce("CustomerDomain", "NameKey") AS customer
            FROM "Deals" WHERE "Status" = 'Won' {0}),
        w AS (
            SELECT "PartnerId", "Currency", day, sum(amount) AS amount, count(*) AS deals
            FROM won WHERE day >= @from AND day <= @to GROUP BY "PartnerId", "Currency", day),
        rev AS (
            SELECT "PartnerId",
                sum(CASE WHEN "Currency" = 'USD' THEN amount ELSE round(amount * (
                    SELECT r."Rate" FROM "ExchangeRates" r
                    WHERE r."FromCurrency" = w."Currency" AND r."ToCurrency" = 'USD' AND r."EffectiveOn" <= w.day
                    ORDER BY r."EffectiveOn" DESC LIMIT 1), 0) END) AS revenue,
                sum(deals) AS deals
            FROM w GROUP BY "PartnerId"),
        nc AS (
            SELECT "PartnerId", count(*) AS customers
            FROM (SELECT "PartnerId", customer, min(day) AS first FROM won GROUP BY "PartnerId", customer) f
            WHERE first >= @from AND first <= @to GROUP BY "PartnerId"),
        cert AS (
            SELECT "PartnerId", count(DISTINCT "UserId") AS people FROM "Certificates"
            WHERE "RevokedAt" IS NULL AND "IssuedAt" <= @at AND "ExpiresAt" > @at {0} GROUP BY "PartnerId")
        SELECT p."Id", coalesce(rev.revenue, 0), coalesce(rev.deals, 0), coalesce(nc.customers, 0), coalesce(cert.people, 0)
        FROM "Partners" p LEFT JOIN rev ON rev."PartnerId" = p."Id" LEFT JOIN nc ON nc."PartnerId" = p."Id" LEFT JOIN cert ON cert."PartnerId" = p."Id"
        WHERE p."Stage" IN ('Onboarding', 'Active') {1}
        """;

    private DbCommand? _all, _one;

    public Task<Dictionary<Guid, long[]>> AllAsync(DateOnly from, DateOnly to, DateTime at) =>
        RunAsync(_all ??= Prepare(string.Format(CultureInfo.InvariantCulture, Sql, "", "")), from, to, at, null);

    public Task<Dictionary<Guid, long[]>> OneAsync(Guid partnerId, DateOnly from, DateOnly to, DateTime at) =>
        RunAsync(_one ??= Prepare(string.Format(CultureInfo.InvariantCulture, Sql, "AND \"PartnerId\" = @partner", "AND p.\"Id\" = @partner"), "partner"), from, to, at, partnerId);

    public async Task RevokeCertificatesAsync(IReadOnlyList<Guid> partnerIds, DateTime now)
    {
        foreach (var partnerId in partnerIds)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE \"Certificates\" SET \"RevokedAt\" = @now, \"RevokedReason\" = 'Bench', \"RevokedByName\" = 'Bench' WHERE \"PartnerId\" = @partner";
            Add(command, "now", Value(now));
            Add(command, "partner", Value(partnerId));
            await command.ExecuteNonQueryAsync();
        }
    }

    private async Task<Dictionary<Guid, long[]>> RunAsync(DbCommand command, DateOnly from, DateOnly to, DateTime at, Guid? partnerId)
    {
        command.Parameters[0].Value = Value(from);
        command.Parameters[1].Value = Value(to);
        command.Parameters[2].Value = Value(at);
        if (partnerId is { } id) command.Parameters[3].Value = Value(id);
        await PrintPlanAsync(command);
        var rows = new Dictionary<Guid, long[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            long Long(int i) => (long)Math.Round(Convert.ToDecimal(reader.GetValue(i), CultureInfo.InvariantCulture));
            rows[Guid.Parse(reader.GetValue(0).ToString()!)] = [Long(1), Long(2), Long(3), Long(4)];
        }
        return rows;
    }

    private DbCommand Prepare(string sql, params string[] extra)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        Add(command, "from", Value(DateOnly.MinValue));
        Add(command, "to", Value(DateOnly.MinValue));
        Add(command, "at", Value(DateTime.UtcNow));
        foreach (var name in extra) Add(command, name, Value(Guid.Empty));
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static readonly bool Plans = Environment.GetEnvironmentVariable("BENCH_PLANS") is not null;
    private readonly HashSet<DbCommand> _explained = [];

    /// <summary>With BENCH_PLANS set, prints each statement's plan once: EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL.</summary>
    private async Task PrintPlanAsync(DbCommand command)
    {
        if (!Plans || !_explained.Add(command)) return;
        await using var explain = connection.CreateCommand();
        explain.CommandText = (provider == DatabaseProvider.Sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN (ANALYZE, BUFFERS) ") + command.CommandText;
        foreach (DbParameter p in command.Parameters) Add(explain, p.ParameterName, p.Value!);
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync()) Console.WriteLine($"    plan: {string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i)))}");
    }

    private object Value(object value) => provider == DatabaseProvider.Sqlite
        ? value is DateOnly day ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : TableLoader.SqliteValue(value)
        : value;

    public async ValueTask DisposeAsync()
    {
        foreach (var command in new[] { _all, _one }) command?.Dispose();
        await connection.DisposeAsync();
    }
}

/// <summary>One database's numbers.</summary>
public sealed class TierRun(DatabaseProvider provider)
{
    public DatabaseProvider Provider => provider;
    public TimeSpan Load { get; set; }
    public Dictionary<string, int> Rows { get; set; } = [];
    public TimeSpan MetricsOnly { get; set; }
    public string Agreement { get; set; } = "";
    public Evaluated? First { get; set; }
    public Evaluated? Second { get; set; }
    public TimeSpan PlainSql { get; set; }
    public Result? Scorecard { get; set; }
    public Result? ScorecardSql { get; set; }
}

/// <summary>The tier run's numbers as the Markdown docs/BENCHMARKS.md shows, with the targets and the ratios to plain SQL.</summary>
public sealed class TierReport(TierOptions options)
{
    private readonly List<TierRun> _runs = [];

    public TierRun Add(DatabaseProvider provider)
    {
        var run = new TierRun(provider);
        _runs.Add(run);
        return run;
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {options.Partners:N0} partners, {options.Deals:N0} deals, " +
            $"{options.Certificates:N0} certificates; {options.Scorecards} scorecards; {Environment.ProcessorCount} cores; .NET {Environment.Version}.");
        foreach (var r in _runs)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{r.Provider}: loaded in {r.Load.TotalSeconds:0} s ({string.Join(", ", r.Rows.Select(x => $"{x.Value:N0} {x.Key}"))}); " +
                $"measures alone {r.MetricsOnly.TotalSeconds:0.00} s; app and plain SQL: {r.Agreement}. First evaluation: {r.First?.Summary}. Second: {r.Second?.Summary}.");
        }
        text.AppendLine();
        text.AppendLine("| Database | Load | First evaluation | Second evaluation | Plain SQL aggregate | Ratio first / SQL | Ratio second / SQL | Scorecard p50 | Scorecard p95 | One partner plain SQL p50 / p95 |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in _runs)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Provider} | {r.Load.TotalSeconds:0} s | {r.First?.Elapsed.TotalSeconds:0.00} s | {r.Second?.Elapsed.TotalSeconds:0.00} s | {r.PlainSql.TotalSeconds:0.00} s | " +
                $"{r.First?.Elapsed.TotalSeconds / r.PlainSql.TotalSeconds:0.0}× | {r.Second?.Elapsed.TotalSeconds / r.PlainSql.TotalSeconds:0.0}× | " +
                $"{r.Scorecard?.P50:0.0} ms | {r.Scorecard?.P95:0.0} ms | {r.ScorecardSql?.P50:0.00} / {r.ScorecardSql?.P95:0.00} ms |");
        }
        text.AppendLine();
        text.AppendLine("| Target | Measured | Met |");
        text.AppendLine("|---|---|---|");
        foreach (var r in _runs)
        {
            var worst = Math.Max(r.First?.Elapsed.TotalSeconds ?? 0, r.Second?.Elapsed.TotalSeconds ?? 0);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Provider}: whole evaluation ≤ 30 s | {worst:0.00} s (slower of the two) | {(worst <= 30 ? "yes" : "**no**")} |");
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Provider}: scorecard p95 ≤ 50 ms | {r.Scorecard?.P95:0.0} ms | {(r.Scorecard?.P95 <= 50 ? "yes" : "**no**")} |");
        }
        return text.ToString();
    }
}
