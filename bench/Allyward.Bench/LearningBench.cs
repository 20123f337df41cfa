using System.Data.Common;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Allyward.Learning;
using Allyward.Learning.Reports;
using Allyward.Partners;
using Allyward.Partners.Contracts;
using Allyward.Platform.Data;
using Allyward.Platform.Hosting;
using Allyward.Platform.Identity;
using Allyward.Platform.Isolation;
using Allyward.Platform.Tokens;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Allyward.Bench;

public sealed record LearningOptions(int Partners, int Learners, int Courses, int Seconds, string? Postgres, string? Out, string? Only)
{
    public static LearningOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new LearningOptions(
            int.Parse(Value("--partners") ?? "5000", CultureInfo.InvariantCulture),
            int.Parse(Value("--learners") ?? "50000", CultureInfo.InvariantCulture),
            Math.Max(LearningBenchData.EnrollmentsPerLearner, int.Parse(Value("--courses") ?? "16", CultureInfo.InvariantCulture)),
            int.Parse(Value("--seconds") ?? "15", CultureInfo.InvariantCulture),
            Value("--postgres"),
            Value("--out"),
            Value("--only")?.ToLowerInvariant());
    }
}

/// <summary>
/// The learning reports benchmark (issue 18, "Speed"): the vendor's completion report for one course and a partner admin's
/// team view through the HTTP API, each next to the same numbers computed by one plain SQL aggregate over the same tables;
/// the report for every course as well, for context.
/// </summary>
public static class LearningBench
{
    /// <summary>How many partners' admins take turns asking for their team view.</summary>
    private const int Teams = 20;

    private const int LessonsPerCourse = 8;

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var options = LearningOptions.Parse(args);
        var report = new LearningReport(options);
        Console.WriteLine($"Allyward learning benchmark: {options.Learners:N0} learners over {options.Partners:N0} partners, {options.Courses} courses.");
        if (options.Only is null or "sqlite") await RunAsync(options, report, DatabaseProvider.Sqlite, null);
        if (options.Only is null or "postgres" && options.Postgres is { } server) await RunAsync(options, report, DatabaseProvider.Postgres, server);
        else Console.WriteLine("No --postgres server given: PostgreSQL is skipped.");
        var markdown = report.ToMarkdown();
        Console.WriteLine();
        Console.WriteLine(markdown);
        if (options.Out is { } outPath) await File.WriteAllTextAsync(outPath, markdown);
        return 0;
    }

    private static async Task RunAsync(LearningOptions options, LearningReport report, DatabaseProvider provider, string? server)
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
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", Environment.GetEnvironmentVariable("BENCH_SQL") is null ? LogLevel.None : LogLevel.Information);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddAllyward(AllywardModules.All());
        await using var app = builder.Build();
        app.UseAllyward();
        using (var scope = app.Services.CreateAsSystemScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseStartup>().MigrateAsync();
        }

        var now = DateTime.UtcNow;
        var (partnerIds, partnerNames, vendorToken) = await SeedPartnersAsync(app.Services, options.Partners, now);
        var courses = await SeedCoursesAsync(app.Services, options.Courses, now);
        var data = new LearningBenchData(partnerIds, partnerNames, options.Learners, courses, now);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var counts = provider == DatabaseProvider.Postgres ? await LoadPostgresAsync(connectionString, data) : LoadSqlite(connectionString, data);
        await BulkLoader.SettleAsync(provider, connectionString);
        Console.WriteLine($"Loaded in {watch.Elapsed.TotalSeconds:0} s (analysed and checkpointed).");
        report.Loads.Add((provider, watch.Elapsed, counts));

        var teams = new List<(Guid PartnerId, string Token)>();
        await using (var scope = app.Services.CreateAsSystemScope())
        {
            var tokens = scope.ServiceProvider.GetRequiredService<ApiTokens>();
            for (var n = 0; n < Math.Min(Teams, partnerIds.Count); n++)
            {
                var admin = data.AdminOf(n);
                var created = await tokens.CreateAsync(new CreateTokenRequest { UserId = admin.Id, Name = "bench" }, asSystem: true);
                teams.Add((admin.PartnerId, created.Value!.Token));
            }
        }

        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        await using var reference = await ReferenceQueries.OpenAsync(provider, connectionString);
        // The API and the plain SQL must give the same numbers, or the comparison means nothing.
        var apiCourses = (await GetJsonAsync<ReportRows<CourseReportRow>>(http, vendorToken, "/api/v1/learning/reports/courses")).Items;
        var sqlCourses = await reference.CoursesAsync(null, DateTime.UtcNow);
        // The headline is the busiest course: the most enrollments (the first by title among equals).
        var oneCourse = apiCourses.OrderByDescending(c => c.Enrolled).ThenBy(c => c.Course, StringComparer.Ordinal).First().CourseId;
        var oneCoursePath = $"/api/v1/learning/reports/courses?courseId={oneCourse}";
        var apiOne = (await GetJsonAsync<ReportRows<CourseReportRow>>(http, vendorToken, oneCoursePath)).Items;
        var sqlOne = await reference.CoursesAsync(oneCourse, DateTime.UtcNow);
        var apiTeam = (await GetJsonAsync<ReportRows<TeamMemberRow>>(http, teams[0].Token, $"/api/v1/learning/reports/partners/{teams[0].PartnerId}/team")).Items;
        var sqlTeam = await reference.TeamAsync(teams[0].PartnerId, DateTime.UtcNow);
        static IEnumerable<(string, int, int, int, int, double?)> Counts(IEnumerable<CourseReportRow> rows) =>
            rows.Select(r => (r.Course, r.Enrolled, r.InProgress, r.Completed, r.Overdue, r.PassRatePercent));
        var agree = Same(Counts(apiCourses), Counts(sqlCourses))
            && apiOne.Count == 1 && Same(Counts(apiOne), Counts(sqlOne))
            && Same(Counts(apiOne), Counts(apiCourses.Where(c => c.CourseId == oneCourse)))
            && Same(apiTeam.Select(r => (r.Name, r.Enrolled, r.Completed, r.Overdue, r.ValidCertificates, r.MinutesSpent)),
                sqlTeam.Select(r => (r.Name, r.Enrolled, r.Completed, r.Overdue, r.ValidCertificates, r.MinutesSpent)));
        var first = apiOne.Single();
        Console.WriteLine($"  {first.Course}: {first.Enrolled:N0} enrolled, {first.InProgress:N0} in progress, {first.Completed:N0} completed, {first.Overdue:N0} overdue, " +
            $"pass rate {first.PassRatePercent} %; team of {apiTeam.Count}; API and plain SQL agree: {(agree ? "yes" : "NO")}");
        report.Agree[provider] = agree;
        report.Course[provider] = first;

        // Warm-up until the JIT has optimized the hot paths and the pages are cached.
        var warm = TimeSpan.FromSeconds(Math.Max(5, options.Seconds / 2));
        await Measure.ClosedLoopAsync("warm-up", 1, int.MaxValue, warm, (_, _) => GetAsync(http, vendorToken, oneCoursePath));
        await Measure.ClosedLoopAsync("warm-up", 1, int.MaxValue, warm, (_, i) => TeamAsync(http, teams[i % teams.Count]));
        await Measure.ClosedLoopAsync("warm-up", 1, int.MaxValue, warm, async (_, _) => (await reference.CoursesAsync(oneCourse, DateTime.UtcNow)).Count == 1);
        await Measure.ClosedLoopAsync("warm-up", 1, int.MaxValue, warm, async (_, i) => (await reference.TeamAsync(teams[i % teams.Count].PartnerId, DateTime.UtcNow)).Count > 0);

        var duration = TimeSpan.FromSeconds(options.Seconds);
        report.Add(provider, await Measure.ClosedLoopAsync("authenticated GET (floor)", 1, int.MaxValue, duration,
            (_, _) => GetAsync(http, vendorToken, "/api/v1/deal-fields")));
        report.Add(provider, await Measure.ClosedLoopAsync(LearningReport.CourseReport, 1, int.MaxValue, duration,
            (_, _) => GetAsync(http, vendorToken, oneCoursePath)));
        report.Add(provider, await Measure.ClosedLoopAsync(LearningReport.CourseReference, 1, int.MaxValue, duration,
            async (_, _) => (await reference.CoursesAsync(oneCourse, DateTime.UtcNow)).Count == 1));
        report.Add(provider, await Measure.ClosedLoopAsync(LearningReport.TeamView, 1, int.MaxValue, duration,
            (_, i) => TeamAsync(http, teams[i % teams.Count])));
        report.Add(provider, await Measure.ClosedLoopAsync(LearningReport.TeamReference, 1, int.MaxValue, duration,
            async (_, i) => (await reference.TeamAsync(teams[i % teams.Count].PartnerId, DateTime.UtcNow)).Count > 0));

        // For context: the report for every course, which reads all the enrollments and attempts on each request.
        await Measure.ClosedLoopAsync("warm-up", 1, int.MaxValue, warm, (_, _) => GetAsync(http, vendorToken, "/api/v1/learning/reports/courses"));
        report.Add(provider, await Measure.ClosedLoopAsync(LearningReport.AllCourses, 1, int.MaxValue, duration,
            (_, _) => GetAsync(http, vendorToken, "/api/v1/learning/reports/courses")));
        report.Add(provider, await Measure.ClosedLoopAsync(LearningReport.AllCoursesReference, 1, int.MaxValue, duration,
            async (_, _) => (await reference.CoursesAsync(null, DateTime.UtcNow)).Count > 0));

        await app.StopAsync();
        await reference.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    private static bool Same<T>(IEnumerable<T> a, IEnumerable<T> b) => a.SequenceEqual(b);

    private static Task<bool> TeamAsync(HttpClient http, (Guid PartnerId, string Token) team) =>
        GetAsync(http, team.Token, $"/api/v1/learning/reports/partners/{team.PartnerId}/team");

    private static async Task<bool> GetAsync(HttpClient http, string token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response.IsSuccessStatusCode;
    }

    private static async Task<T> GetJsonAsync<T>(HttpClient http, string token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    private static async Task<string> FreshPostgresDatabaseAsync(string server)
    {
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand("DROP DATABASE IF EXISTS allyward_learning WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE allyward_learning", admin);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = "allyward_learning", MaxPoolSize = 100 }.ConnectionString;
    }

    private static async Task<(List<Guid> Ids, List<string> Names, string VendorToken)> SeedPartnersAsync(IServiceProvider services, int count, DateTime now)
    {
        await using var scope = services.CreateAsSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AllywardDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var admin = new AppUser { UserName = "admin@bench.example", Email = "admin@bench.example", FullName = "Bench Admin", Role = UserRole.ProgramAdmin, CreatedAt = now };
        await users.CreateAsync(admin);
        var partners = Enumerable.Range(1, count).Select(i =>
        {
            var partner = Partner.Create($"Bench Partner {i:00000}", PartnerStage.Active, now);
            partner.OwnerId = admin.Id;
            partner.Country = "US";
            return partner;
        }).ToList();
        db.Partners.AddRange(partners);
        await db.SaveChangesAsync();
        var token = await scope.ServiceProvider.GetRequiredService<ApiTokens>().CreateAsync(new CreateTokenRequest { UserId = admin.Id, Name = "bench" }, asSystem: true);
        return (partners.Select(p => p.Id).ToList(), partners.Select(p => p.Name).ToList(), token.Value!.Token);
    }

    /// <summary>Published courses of 8 lessons each, the last a quiz; the first four are exams that certify.</summary>
    private static async Task<List<BenchCourse>> SeedCoursesAsync(IServiceProvider services, int count, DateTime now)
    {
        await using var scope = services.CreateAsSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AllywardDbContext>();
        var result = new List<BenchCourse>();
        for (var i = 0; i < count; i++)
        {
            var course = new Course
            {
                Title = $"Bench course {i + 1:00}", Summary = "What the product does and how it is sold.", EstimatedMinutes = 90, Products = ["Platform"], CreatedAt = now.AddDays(-500),
            };
            course.Publish(now.AddDays(-400));
            db.Courses.Add(course);
            var lessons = Enumerable.Range(1, LessonsPerCourse).Select(p => new Lesson
            {
                CourseId = course.Id, Position = p, Title = $"Lesson {p}", Kind = p == LessonsPerCourse ? LessonKind.Quiz : LessonKind.Text, Body = p == LessonsPerCourse ? null : "Read this.",
                EstimatedMinutes = 10,
            }).ToList();
            db.Lessons.AddRange(lessons);
            Certification? certification = null;
            if (i < 4)
            {
                certification = new Certification { Name = $"Bench certification {i + 1}", Description = "Certified.", ExamCourseId = course.Id, CreatedAt = now.AddDays(-500) };
                db.Certifications.Add(certification);
            }
            result.Add(new BenchCourse(course.Id, lessons.Select(l => l.Id).ToList(), certification?.Id, certification?.Name ?? ""));
        }
        await db.SaveChangesAsync();
        return result;
    }

    private static async Task<Dictionary<string, int>> LoadPostgresAsync(string connectionString, LearningBenchData data)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var counts = new Dictionary<string, int>
        {
            ["AspNetUsers"] = await TableLoader.TimedAsync("AspNetUsers", () => TableLoader.LoadPostgresAsync(connection, "AspNetUsers", LearningBenchData.UserColumns, data.UserRows())),
            ["Enrollments"] = await TableLoader.TimedAsync("Enrollments", () => TableLoader.LoadPostgresAsync(connection, "Enrollments", LearningBenchData.EnrollmentColumns, data.EnrollmentRows())),
            ["LessonProgress"] = await TableLoader.TimedAsync("LessonProgress", () => TableLoader.LoadPostgresAsync(connection, "LessonProgress", LearningBenchData.ProgressColumns, data.ProgressRows())),
            ["QuizAttempts"] = await TableLoader.TimedAsync("QuizAttempts", () => TableLoader.LoadPostgresAsync(connection, "QuizAttempts", LearningBenchData.AttemptColumns, data.AttemptRows())),
            ["Certificates"] = await TableLoader.TimedAsync("Certificates", () => TableLoader.LoadPostgresAsync(connection, "Certificates", LearningBenchData.CertificateColumns, data.CertificateRows())),
        };
        return counts;
    }

    private static Dictionary<string, int> LoadSqlite(string connectionString, LearningBenchData data)
    {
        using var connection = TableLoader.OpenSqlite(connectionString);
        int Load(string table, Column[] columns, IEnumerable<object?[]> rows)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var n = TableLoader.LoadSqlite(connection, table, columns, rows);
            Console.WriteLine($"  {table}: {n:N0} rows in {watch.Elapsed.TotalSeconds:0.0} s");
            return n;
        }
        return new Dictionary<string, int>
        {
            ["AspNetUsers"] = Load("AspNetUsers", LearningBenchData.UserColumns, data.UserRows()),
            ["Enrollments"] = Load("Enrollments", LearningBenchData.EnrollmentColumns, data.EnrollmentRows()),
            ["LessonProgress"] = Load("LessonProgress", LearningBenchData.ProgressColumns, data.ProgressRows()),
            ["QuizAttempts"] = Load("QuizAttempts", LearningBenchData.AttemptColumns, data.AttemptRows()),
            ["Certificates"] = Load("Certificates", LearningBenchData.CertificateColumns, data.CertificateRows()),
        };
    }
}

/// <summary>
/// The reports' numbers computed by one plain SQL aggregate each (GROUP BY over the same tables, no ORM, no HTTP),
/// prepared on one open connection: the reference the API's reports are compared with.
/// </summary>
public sealed class ReferenceQueries(DatabaseProvider provider, DbConnection connection) : IAsyncDisposable
{
    public static async Task<ReferenceQueries> OpenAsync(DatabaseProvider provider, string connectionString)
    {
        DbConnection connection = provider == DatabaseProvider.Postgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        await connection.OpenAsync();
        return new ReferenceQueries(provider, connection);
    }

    // The enrollments and the submitted attempts are each aggregated by course once, then joined to the published courses.
    private const string CoursesSql =
        """
        WITH e AS MATERIALIZED (
            SELECT "CourseId", count(*) AS enrolled,
                sum(CASE WHEN "CompletedAt" IS NULL AND "StartedAt" IS NOT NULL THEN 1 ELSE 0 END) AS in_progress,
                sum(CASE WHEN "CompletedAt" IS NOT NULL THEN 1 ELSE 0 END) AS completed,
                sum(CASE WHEN "CompletedAt" IS NULL AND "DueAt" < @now THEN 1 ELSE 0 END) AS overdue,
                avg("ScorePercent") AS score,
                avg(CASE WHEN "CompletedAt" IS NOT NULL THEN "SecondsSpent" END) AS seconds
            FROM "Enrollments" {1} WHERE 1 = 1 {0} GROUP BY "CourseId"),
        q AS MATERIALIZED (
            SELECT "CourseId", count(*) AS submitted, sum(CASE WHEN "Passed" THEN 1 ELSE 0 END) AS passed
            FROM "QuizAttempts" {1} WHERE "SubmittedAt" IS NOT NULL {0} GROUP BY "CourseId")
        SELECT c."Id", c."Title", coalesce(e.enrolled, 0), coalesce(e.in_progress, 0), coalesce(e.completed, 0), coalesce(e.overdue, 0),
            e.score, e.seconds, coalesce(q.submitted, 0), coalesce(q.passed, 0)
        FROM "Courses" c LEFT JOIN e ON e."CourseId" = c."Id" LEFT JOIN q ON q."CourseId" = c."Id"
        WHERE c."Status" <> 'Draft' {0}
        ORDER BY c."Title"
        """;

    private const string TeamSql =
        """
        SELECT u."Id", u."FullName", u."Role", count(e."Id"),
            coalesce(sum(CASE WHEN e."CompletedAt" IS NOT NULL THEN 1 ELSE 0 END), 0),
            coalesce(sum(CASE WHEN e."CompletedAt" IS NULL AND e."DueAt" < @now THEN 1 ELSE 0 END), 0),
            (SELECT count(*) FROM "Certificates" c WHERE c."PartnerId" = @partner AND c."UserId" = u."Id" AND c."RevokedAt" IS NULL AND c."ExpiresAt" > @now),
            coalesce(sum(e."SecondsSpent"), 0)
        FROM "AspNetUsers" u LEFT JOIN "Enrollments" e ON e."UserId" = u."Id" AND e."PartnerId" = @partner
        WHERE u."PartnerId" = @partner AND u."IsActive"
        GROUP BY u."Id", u."FullName", u."Role"
        ORDER BY u."FullName"
        """;

    private DbCommand? _allCourses, _oneCourse, _team;

    public async Task<List<CourseReportRow>> CoursesAsync(Guid? courseId, DateTime now)
    {
        var command = courseId is null
            ? _allCourses ??= await PrepareAsync(string.Format(CultureInfo.InvariantCulture, CoursesSql, "", ""), "now")
            : _oneCourse ??= await PrepareAsync(string.Format(CultureInfo.InvariantCulture,
                CoursesSql.Replace("WHERE c.\"Status\" <> 'Draft' {0}", "WHERE c.\"Status\" <> 'Draft' AND c.\"Id\" = @course", StringComparison.Ordinal), "AND \"CourseId\" = @course", ""),
                "now", "course");
        command.Parameters[0].Value = Value(now);
        if (courseId is { } id) command.Parameters[1].Value = Value(id);
        await PrintPlanAsync(command);
        var rows = new List<CourseReportRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            double? Number(int i) => reader.IsDBNull(i) ? null : Convert.ToDouble(reader.GetValue(i), CultureInfo.InvariantCulture);
            var submitted = Convert.ToInt32(reader.GetValue(8), CultureInfo.InvariantCulture);
            var passed = Convert.ToInt32(reader.GetValue(9), CultureInfo.InvariantCulture);
            rows.Add(new CourseReportRow(Guid.Parse(reader.GetValue(0).ToString()!), reader.GetString(1), Int(reader, 2), Int(reader, 3), Int(reader, 4), Int(reader, 5),
                submitted > 0 ? Math.Round(100.0 * passed / submitted, 1) : null, Number(6) is { } score ? Math.Round(score, 1) : null,
                Number(7) is { } seconds ? Math.Round(seconds / 60, 1) : null));
        }
        return rows;
    }

    public async Task<List<TeamMemberRow>> TeamAsync(Guid partnerId, DateTime now)
    {
        var command = _team ??= await PrepareAsync(TeamSql, "now", "partner");
        command.Parameters[0].Value = Value(now);
        command.Parameters[1].Value = Value(partnerId);
        await PrintPlanAsync(command);
        var rows = new List<TeamMemberRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new TeamMemberRow(Guid.Parse(reader.GetValue(0).ToString()!), reader.GetString(1), Enum.Parse<UserRole>(reader.GetString(2)),
                Int(reader, 3), Int(reader, 4), Int(reader, 5), Int(reader, 6), Int(reader, 7) / 60));
        }
        return rows;
    }

    private static readonly bool Plans = Environment.GetEnvironmentVariable("BENCH_PLANS") is not null;
    private readonly HashSet<DbCommand> _explained = [];

    /// <summary>With BENCH_PLANS set, prints each statement's plan once: EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL.</summary>
    private async Task PrintPlanAsync(DbCommand command)
    {
        if (!Plans || !_explained.Add(command)) return;
        await using var explain = connection.CreateCommand();
        explain.CommandText = (provider == DatabaseProvider.Sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN (ANALYZE, BUFFERS) ") + command.CommandText;
        foreach (DbParameter p in command.Parameters)
        {
            var copy = explain.CreateParameter();
            copy.ParameterName = p.ParameterName;
            copy.Value = p.Value;
            explain.Parameters.Add(copy);
        }
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync()) Console.WriteLine($"    plan: {string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i)))}");
    }

    private static int Int(DbDataReader reader, int i) => Convert.ToInt32(reader.GetValue(i), CultureInfo.InvariantCulture);

    private object Value(object value) => provider == DatabaseProvider.Sqlite ? TableLoader.SqliteValue(value) : value;

    private async Task<DbCommand> PrepareAsync(string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = name == "now" ? Value(DateTime.UtcNow) : Value(Guid.Empty);
            command.Parameters.Add(parameter);
        }
        await command.PrepareAsync();
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in new[] { _allCourses, _oneCourse, _team }) command?.Dispose();
        await connection.DisposeAsync();
    }
}

/// <summary>The learning run's numbers as the Markdown docs/BENCHMARKS.md shows, with the targets and the ratios to plain SQL.</summary>
public sealed class LearningReport(LearningOptions options)
{
    public const string CourseReport = "course report, one course (vendor)";
    public const string CourseReference = "course report, one course, plain SQL";
    public const string TeamView = "team view (partner admin)";
    public const string TeamReference = "team view, plain SQL";
    public const string AllCourses = "course report, all courses (vendor)";
    public const string AllCoursesReference = "course report, all courses, plain SQL";

    private readonly List<(DatabaseProvider Provider, Result Result)> _results = [];

    public List<(DatabaseProvider Provider, TimeSpan Elapsed, Dictionary<string, int> Rows)> Loads { get; } = [];
    public Dictionary<DatabaseProvider, bool> Agree { get; } = [];
    public Dictionary<DatabaseProvider, CourseReportRow> Course { get; } = [];

    public void Add(DatabaseProvider provider, Result result)
    {
        _results.Add((provider, result));
        Console.WriteLine($"  {result.Name,-28} {result.Clients,2} clients: {result.PerSecond,8:0.0} /s  p50 {result.P50,8:0.00} ms  p95 {result.P95,8:0.00} ms  p99 {result.P99,8:0.00} ms  cpu {result.CpuMsPerOperation,6:0.00} ms/op, machine {result.MachineCpuMsPerOperation,6:0.00} ms/op  ({result.Count} ok, {result.Errors} failed)");
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {options.Learners:N0} learners over {options.Partners:N0} partners, " +
            $"{options.Courses} courses; {options.Seconds} s per measurement; 1 client; {Environment.ProcessorCount} cores; .NET {Environment.Version}.");
        foreach (var (provider, elapsed, rows) in Loads)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{provider}: loaded in {elapsed.TotalSeconds:0} s: {string.Join(", ", rows.Select(r => $"{r.Value:N0} {r.Key}"))}; " +
                $"API and plain SQL give the same numbers: {(Agree.GetValueOrDefault(provider) ? "yes" : "**no**")}.");
        }
        text.AppendLine();
        text.AppendLine("| Database | Measurement | Clients | Operations/s | p50 ms | p95 ms | p99 ms | CPU ms/op | Machine CPU ms/op | Failed |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (provider, r) in _results)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {provider} | {r.Name} | {r.Clients} | {r.PerSecond:0.0} | {r.P50:0.00} | {r.P95:0.00} | {r.P99:0.00} | {r.CpuMsPerOperation:0.00} | {r.MachineCpuMsPerOperation:0.00} | {r.Errors} |");
        }
        text.AppendLine();
        text.AppendLine("| Target | Measured | Met |");
        text.AppendLine("|---|---|---|");
        foreach (var provider in _results.Select(r => r.Provider).Distinct())
        {
            foreach (var (name, reference) in new[] { (CourseReport, CourseReference), (TeamView, TeamReference) })
            {
                if (Find(provider, name) is not { } api) continue;
                text.AppendLine(CultureInfo.InvariantCulture, $"| {provider}: {name} p95 ≤ 100 ms | {api.P95:0.00} ms | {(api.P95 <= 100 ? "yes" : "**no**")} |");
                if (Find(provider, reference) is { } sql)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"| {provider}: {name} against {reference} (p95 / p95) | {api.P95 / sql.P95:0.00}× ({api.P95:0.00} ms / {sql.P95:0.00} ms) | (ratio, no target) |");
                }
            }
            if (Find(provider, AllCourses) is { } all && Find(provider, AllCoursesReference) is { } allSql)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {provider}: {AllCourses} against {AllCoursesReference} (p95 / p95) | {all.P95 / allSql.P95:0.00}× ({all.P95:0.00} ms / {allSql.P95:0.00} ms) | (context, no target) |");
            }
        }
        return text.ToString();
    }

    private Result? Find(DatabaseProvider provider, string name) =>
        _results.Where(r => r.Provider == provider && r.Result.Name == name).Select(r => r.Result).FirstOrDefault();
}
