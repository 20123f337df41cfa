using Allyward.Platform.Accounts;
using Allyward.Platform.Audit;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Platform.Data;

public enum DatabaseProvider { Sqlite, Postgres }

public static class DatabaseSetup
{
    public const string SqliteMigrations = "Allyward.Migrations.Sqlite";
    public const string PostgresMigrations = "Allyward.Migrations.Postgres";

    /// <summary>Reads <c>Database:Provider</c> and <c>ConnectionStrings:Allyward</c>; SQLite in the data folder by default.</summary>
    public static (DatabaseProvider Provider, string ConnectionString) Resolve(IConfiguration configuration)
    {
        var providerName = configuration["Database:Provider"] ?? nameof(DatabaseProvider.Sqlite);
        if (!Enum.TryParse<DatabaseProvider>(providerName, ignoreCase: true, out var provider))
        {
            throw new InvalidOperationException($"Database:Provider must be Sqlite or Postgres, not '{providerName}'.");
        }
        var connectionString = configuration.GetConnectionString("Allyward");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider == DatabaseProvider.Postgres)
            {
                throw new InvalidOperationException("Set ConnectionStrings:Allyward to use PostgreSQL.");
            }
            var dataFolder = configuration.GetSection("Allyward").Get<AllywardOptions>()?.DataFolder ?? "data";
            Directory.CreateDirectory(dataFolder);
            connectionString = $"Data Source={Path.Combine(dataFolder, "allyward.db")}";
        }
        return (provider, connectionString);
    }

    public static IServiceCollection AddAllywardDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var (provider, resolved) = Resolve(configuration);
        var connectionString = provider == DatabaseProvider.Postgres ? WithPostgresDefaults(resolved) : resolved;
        services.AddSingleton<AuditInterceptor>();
        services.AddSingleton<ConfigurationCache>();
        services.AddSingleton<ConfigurationChangeInterceptor>();
        services.AddSingleton<Idempotency.IdempotencyInterceptor>();
        services.AddHostedService<ConfigurationChangeListener>();
        if (provider == DatabaseProvider.Sqlite) services.AddHostedService<SqliteCheckpointer>();
        // Contexts are pooled: a new one per request would cost every request EF's setting up of its services.
        services.AddPooledDbContextFactory<AllywardDbContext>((sp, options) =>
        {
            Configure(options, provider, connectionString);
            // In this order: the audit interceptor detects the changes the configuration interceptor then reads, and
            // SQLite's write turn is taken once both are done.
            options.AddInterceptors(sp.GetRequiredService<AuditInterceptor>(), sp.GetRequiredService<ConfigurationChangeInterceptor>());
            // Before the provider's own: the key of an idempotent request is marked in the same save as its change.
            options.AddInterceptors(sp.GetRequiredService<Idempotency.IdempotencyInterceptor>());
            options.AddInterceptors(ReadOnlyGuard);
            if (provider == DatabaseProvider.Sqlite) options.AddInterceptors(SqliteWriteGate);
            if (provider == DatabaseProvider.Postgres) options.AddInterceptors(PostgresSingleBatchSaves);
            // And any a host adds as services (the tests inject faults this way).
            options.AddInterceptors(sp.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>());
        });
        // One per scope, acting for the scope's user; disposing it at the end of the scope returns it to the pool.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AllywardDbContext>>().CreateDbContext().ActingFor(sp.GetRequiredService<CurrentUser>()));
        return services;
    }

    /// <summary>Only used to generate migrations; no connection is opened.</summary>
    public static string DesignTimeConnectionString(DatabaseProvider provider) =>
        provider == DatabaseProvider.Postgres ? "Host=localhost;Database=allyward_design" : "Data Source=design.db";

    private static readonly SqliteTuning SqliteConnectionSettings = new();
    private static readonly SqliteWriteGate SqliteWriteGate = new();
    private static readonly ReadOnlyCommandGuard ReadOnlyGuard = new();
    private static readonly PostgresSingleBatchSaves PostgresSingleBatchSaves = new();

    /// <summary>
    /// Npgsql defaults tuned for a node that opens and closes pooled connections for every query. It prepares the
    /// statements it runs again and again (token lookups, conflict search, inserts), so PostgreSQL parses and plans
    /// them once per connection; and it hands a connection back to the pool without the six reset statements
    /// PostgreSQL would otherwise run on its next use, since Allyward keeps no session state (no <c>SET</c>, temporary
    /// tables, <c>LISTEN</c> or session-level advisory locks). A connection string that sets either keeps its value.
    /// </summary>
    internal static string WithPostgresDefaults(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var tuned = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare")) tuned.MaxAutoPrepare = 100;
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose")) tuned.NoResetOnClose = true;
        return tuned.ConnectionString;
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(PostgresMigrations).MaxBatchSize(PostgresSingleBatchSaves.MaxInsertsInOneBatch));
        }
        else
        {
            options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(SqliteMigrations));
            options.AddInterceptors(SqliteConnectionSettings);
        }
    }
}
