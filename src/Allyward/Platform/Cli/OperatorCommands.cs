using Allyward.Platform.Isolation;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Allyward.Platform.Tokens;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Platform.Cli;

/// <summary>
/// Operator commands on the same executable and configuration as the web host:
/// <c>create-admin</c>, <c>db migrate</c>, <c>db backup</c> and <c>tokens create</c>.
/// </summary>
public static class OperatorCommands
{
    public const string Usage = """
        Usage: Allyward.Web [command]
          (no command)                                       start the web host
          create-admin --email <email> --password <password> [--name <full name>]
                                                             create a program admin
          db migrate                                         apply database migrations and exit
          db backup --to <file>                              copy a running SQLite database, consistently (online backup API);
                                                             for PostgreSQL use pg_dump (docs/BACKUP.md)
          tokens create --user <email> --name <label> [--days <1-365>]
                                                             create an API token; prints it on the last line
        """;

    public static bool IsCommand(string[] args) =>
        args.Length > 0 && args[0] is "create-admin" or "db" or "tokens" or "help" or "--help";

    public static async Task<int> RunAsync(string[] args, IServiceProvider services, TextWriter output, TextWriter error)
    {
        try
        {
            await using var scope = services.CreateAsSystemScope();
            var sp = scope.ServiceProvider;
            switch (args)
            {
                case ["db", "migrate", ..]:
                    await sp.GetRequiredService<DatabaseStartup>().MigrateAsync();
                    output.WriteLine("The database is up to date.");
                    return 0;

                case ["create-admin", ..]:
                    return await CreateAdminAsync(Options(args[1..]), sp, output, error);

                case ["db", "backup", ..]:
                    return await BackupAsync(Options(args[2..]), sp, output, error);

                case ["tokens", "create", ..]:
                    return await CreateTokenAsync(Options(args[2..]), sp, output, error);

                default:
                    output.WriteLine(Usage);
                    return args is ["help"] or ["--help"] ? 0 : 2;
            }
        }
        catch (ArgumentException ex)
        {
            error.WriteLine(ex.Message);
            error.WriteLine(Usage);
            return 2;
        }
    }

    private static async Task<int> CreateAdminAsync(Dictionary<string, string> options, IServiceProvider sp, TextWriter output, TextWriter error)
    {
        var email = Required(options, "email");
        var password = Required(options, "password");
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        await sp.GetRequiredService<DatabaseStartup>().MigrateAsync();
        var user = new AppUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            FullName = options.GetValueOrDefault("name") ?? email,
            Role = UserRole.ProgramAdmin,
            CreatedAt = DateTime.UtcNow,
            LockoutEnabled = true,
        };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors) error.WriteLine(e.Description);
            return 1;
        }
        output.WriteLine($"Program admin {email} created.");
        return 0;
    }

    private static async Task<int> CreateTokenAsync(Dictionary<string, string> options, IServiceProvider sp, TextWriter output, TextWriter error)
    {
        var email = Required(options, "user");
        var name = Required(options, "name");
        var days = options.TryGetValue("days", out var d) ? int.TryParse(d, out var n) ? n : throw new ArgumentException("--days takes a number.") : 90;
        var db = sp.GetRequiredService<AllywardDbContext>();
        var normalized = sp.GetRequiredService<UserManager<AppUser>>().NormalizeEmail(email);
        var userId = await db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => (Guid?)u.Id).SingleOrDefaultAsync();
        if (userId is null)
        {
            error.WriteLine($"No user with e-mail {email}.");
            return 1;
        }
        var outcome = await sp.GetRequiredService<ApiTokens>().CreateAsync(
            new CreateTokenRequest { UserId = userId, Name = name, ExpiresInDays = days }, asSystem: true);
        if (!outcome.Succeeded)
        {
            error.WriteLine(outcome.Errors is { } errors ? string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value)) : outcome.Message);
            return 1;
        }
        output.WriteLine($"Token '{name}' for {email}, expires {outcome.Value!.ExpiresAt:yyyy-MM-dd}. It is shown only now:");
        output.WriteLine(outcome.Value.Token);
        return 0;
    }

    private static async Task<int> BackupAsync(Dictionary<string, string> options, IServiceProvider sp, TextWriter output, TextWriter error)
    {
        var destination = Required(options, "to");
        try
        {
            var bytes = await SqliteBackup.BackupAsync(sp.GetRequiredService<AllywardDbContext>(), destination);
            output.WriteLine($"Backed up to {Path.GetFullPath(destination)} ({bytes / 1024.0 / 1024.0:0.0} MB).");
            return 0;
        }
        catch (InvalidOperationException ex)
        {
            error.WriteLine(ex.Message);
            return 1;
        }
    }

    private static string Required(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : throw new ArgumentException($"--{name} is required.");

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--") || i + 1 >= args.Length) throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            options[args[i][2..]] = args[++i];
        }
        return options;
    }
}
