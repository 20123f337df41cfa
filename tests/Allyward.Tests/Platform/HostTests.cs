using System.Net;
using Allyward.Platform.Cli;
using Allyward.Platform.Data;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Tests.Platform;

public abstract class HostTests(AllywardApp app)
{
    [Fact]
    public async Task Health_endpoints_answer()
    {
        var client = app.CreateClient();
        await client.GetAsync("/health/live").ExpectAsync(HttpStatusCode.OK);
        await client.GetAsync("/health/ready").ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_openapi_document_and_reference_page_are_served()
    {
        var client = app.CreateClient();
        var document = await client.GetAsync("/openapi/v1.json").ExpectJsonAsync(HttpStatusCode.OK);
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/v1/partners", paths);
        Assert.Contains("/api/v1/partners/{partnerId}/users", paths);
        Assert.Contains("/api/v1/partners/{partnerId}/stage-transitions", paths);
        Assert.Contains("/api/v1/tokens", paths);
        var reference = await client.GetAsync("/api/reference/");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Contains("Allyward API reference", await reference.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_script_and_stylesheet_a_page_links_to_is_served()
    {
        var client = app.CreateClient();
        var html = await (await client.GetAsync("/account/login")).Content.ReadAsStringAsync();
        var assets = System.Text.RegularExpressions.Regex.Matches(html, "(?:src|href)=\"([^\"]*(?:_framework|_content)[^\"]*)\"")
            .Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(assets, a => a.Contains("blazor.web"));
        Assert.Contains(assets, a => a.Contains("MudBlazor"));
        foreach (var asset in assets)
        {
            // As a browser asks: compressed if possible.
            var request = new HttpRequestMessage(HttpMethod.Get, "/" + asset.TrimStart('/'));
            request.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br");
            var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset} answered {(int)response.StatusCode}");
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 0, $"{asset} is empty ({response.Content.Headers.ContentEncoding})");
        }
    }

    [Fact]
    public async Task The_migrations_match_the_model()
    {
        var pending = await app.WithDbAsync(db => Task.FromResult(db.Database.HasPendingModelChanges()));
        Assert.False(pending, $"The {app.Provider} migrations differ from the model. Run scripts/add-migration.sh <Name>.");
        Assert.Empty(await app.WithDbAsync(db => db.Database.GetPendingMigrationsAsync()));
    }

    [Fact]
    public async Task The_operator_commands_create_an_admin_and_a_token_that_works()
    {
        var email = Unique.Email("operator");
        var (code, output, _) = await RunAsync("create-admin", "--email", email, "--password", "operator password 1", "--name", "Olga Operator");
        Assert.Equal(0, code);
        Assert.Contains(email, output);

        (code, output, _) = await RunAsync("tokens", "create", "--user", email, "--name", "ci");
        Assert.Equal(0, code);
        var token = output.TrimEnd().Split('\n').Last().Trim();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var me = await client.GetAsync("/api/v1/me").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("ProgramAdmin", me["role"]!.GetValue<string>());

        (code, output, _) = await RunAsync("db", "migrate");
        Assert.Equal(0, code);
        Assert.Contains("up to date", output);
    }

    [Theory]
    [InlineData(2, "create-admin", "--email", "x@example.org")]
    [InlineData(1, "create-admin", "--email", "weak@example.org", "--password", "short")]
    [InlineData(1, "tokens", "create", "--user", "nobody@example.org", "--name", "x")]
    [InlineData(2, "frobnicate")]
    public async Task Operator_commands_explain_bad_arguments(int expectedCode, params string[] args)
    {
        var (code, output, error) = await RunAsync(args);
        Assert.Equal(expectedCode, code);
        Assert.False(string.IsNullOrWhiteSpace(output + error));
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await OperatorCommands.RunAsync(args, app.Services, output, error);
        return (code, output.ToString(), error.ToString());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class HostOnSqlite(SqliteApp app) : HostTests(app);

[Collection(PostgresCollection.Name)]
public sealed class HostOnPostgres(PostgresApp app) : HostTests(app);

/// <summary>Starting again on the same database keeps the data; an unreachable database makes the node not ready.</summary>
public sealed class RestartTests
{
    private sealed class SqliteFileApp(string folder) : AllywardApp
    {
        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
        protected override string ConnectionString => $"Data Source={Path.Combine(folder, "kept.db")}";
        public override async Task DisposeAsync() => await base.DisposeAsync();
    }

    private sealed class UnreachablePostgresApp : AllywardApp
    {
        public override DatabaseProvider Provider => DatabaseProvider.Postgres;
        protected override string ConnectionString => "Host=127.0.0.1;Port=1;Username=nobody;Password=x;Timeout=2";
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Database:MigrateOnStartup", "false")];
    }

    [Fact]
    public async Task A_second_start_keeps_the_data_and_seeds_nothing_new()
    {
        var folder = Directory.CreateTempSubdirectory("allyward-restart-").FullName;
        int partners, users;
        await using (var first = new SqliteFileApp(folder))
        {
            await first.InitializeAsync();
            var cam = await first.ApiClientAsync(Demo.Cam);
            await cam.PostJsonAsync("/api/v1/partners", Unique.Partner("Kept Across Restarts")).ExpectAsync(HttpStatusCode.Created);
            partners = await first.WithDbAsync(db => db.Partners.CountAsync());
            users = await first.WithDbAsync(db => db.Users.CountAsync());
        }
        await using (var second = new SqliteFileApp(folder))
        {
            await second.InitializeAsync();
            Assert.Equal(partners, await second.WithDbAsync(db => db.Partners.CountAsync()));
            Assert.Equal(users, await second.WithDbAsync(db => db.Users.CountAsync()));
            Assert.True(await second.WithDbAsync(db => db.Partners.AnyAsync(p => p.Name == "Kept Across Restarts")));
        }
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Ready_fails_when_the_database_is_unreachable()
    {
        await using var app = new UnreachablePostgresApp();
        await app.InitializeAsync();
        var client = app.CreateClient();
        await client.GetAsync("/health/live").ExpectAsync(HttpStatusCode.OK);
        await client.GetAsync("/health/ready").ExpectAsync(HttpStatusCode.ServiceUnavailable);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public void Each_provider_has_migrations_for_the_whole_model(DatabaseProvider provider)
    {
        var options = new DbContextOptionsBuilder<AllywardDbContext>();
        DatabaseSetup.Configure(options, provider, DatabaseSetup.DesignTimeConnectionString(provider));
        using var db = new AllywardDbContext(options.Options);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} migrations differ from the model. Run scripts/add-migration.sh <Name>.");
    }
}

public sealed class PostgresConnectionTests
{
    [Fact]
    public void Statements_are_prepared_and_connections_not_reset_unless_the_connection_string_says_otherwise()
    {
        var tuned = new Npgsql.NpgsqlConnectionStringBuilder(Allyward.Platform.Data.DatabaseSetup.WithPostgresDefaults("Host=db;Database=allyward"));
        Assert.Equal(100, tuned.MaxAutoPrepare);
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal("db", tuned.Host);
        var chosen = new Npgsql.NpgsqlConnectionStringBuilder(Allyward.Platform.Data.DatabaseSetup.WithPostgresDefaults("Host=db;Max Auto Prepare=0;No Reset On Close=false"));
        Assert.Equal(0, chosen.MaxAutoPrepare);
        Assert.False(chosen.NoResetOnClose);
    }
}
