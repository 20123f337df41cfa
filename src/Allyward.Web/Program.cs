using Allyward.Platform.Cli;
using Allyward.Platform.Data;
using Allyward.Platform.Hosting;
using Allyward.Platform.Seeding;

if (OperatorCommands.IsCommand(args))
{
    var cli = Host.CreateApplicationBuilder();
    cli.Logging.SetMinimumLevel(LogLevel.Warning);
    cli.Services.AddAllywardCore(cli.Configuration, Allyward.AllywardModules.All());
    using var cliHost = cli.Build();
    return await OperatorCommands.RunAsync(args, cliHost.Services, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddAllyward(Allyward.AllywardModules.All());

var app = builder.Build();
app.UseAllyward();

var seeded = false;
if (builder.Configuration.GetValue("Database:MigrateOnStartup", true))
{
    using var scope = app.Services.CreateScope();
    seeded = await scope.ServiceProvider.GetRequiredService<DatabaseStartup>().PrepareAsync();
}
IReadOnlyList<DemoSignIn> signIns;
using (var scope = app.Services.CreateScope())
{
    signIns = [.. scope.ServiceProvider.GetRequiredService<DemoData>().SignIns];
}

app.Lifetime.ApplicationStarted.Register(() =>
{
    var urls = string.Join(", ", app.Urls);
    Console.WriteLine();
    Console.WriteLine($"Allyward is running at {urls}");
    if (builder.Configuration.GetValue<bool>("Allyward:SeedDemoData"))
    {
        Console.WriteLine(seeded ? "Demo data was created." : "Using the existing data.");
        Console.WriteLine($"Demo sign-ins (password: {DemoData.Password}):");
        foreach (var signIn in signIns)
        {
            Console.WriteLine($"  {signIn.Email,-40} {signIn.Role}{(signIn.Partner is null ? "" : $" at {signIn.Partner}")}");
        }
    }
    Console.WriteLine("API reference: /api/reference   OpenAPI: /openapi/v1.json");
});

app.Run();
return 0;

public partial class Program;
