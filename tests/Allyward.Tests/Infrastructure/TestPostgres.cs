using Npgsql;

namespace Allyward.Tests.Infrastructure;

/// <summary>
/// The throwaway PostgreSQL server that test.sh starts. Each test collection gets a database of its own.
/// The server's connection string comes from ALLYWARD_TEST_POSTGRES; without it PostgreSQL tests fail
/// (run ./test.sh, which starts the server).
/// </summary>
public static class TestPostgres
{
    public const string Variable = "ALLYWARD_TEST_POSTGRES";

    public sealed record Database(string Name, string ConnectionString);

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{Variable} is not set. Run ./test.sh, which starts a throwaway PostgreSQL and sets it.");

    public static Database CreateDatabaseName()
    {
        var name = $"allyward_test_{Guid.NewGuid():N}"[..40];
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name };
        return new Database(name, builder.ConnectionString);
    }

    public static async Task CreateAsync(Database database) => await ExecuteAsync($"CREATE DATABASE \"{database.Name}\"");

    public static async Task DropAsync(Database database)
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{database.Name}\" WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
