using System.Globalization;
using System.Text;
using Allyward.Platform.Data;

namespace Allyward.Bench;

public sealed record BenchOptions(int Deals, int Partners, int Customers, int Seconds, string? Postgres, string? Out, string? Only, string[] Phases, int[] Clients)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var deals = int.Parse(Value("--deals") ?? "1000000", CultureInfo.InvariantCulture);
        return new BenchOptions(
            deals,
            int.Parse(Value("--partners") ?? "5000", CultureInfo.InvariantCulture),
            Math.Max(100, deals / 4),
            int.Parse(Value("--seconds") ?? "15", CultureInfo.InvariantCulture),
            Value("--postgres"),
            Value("--out"),
            Value("--only")?.ToLowerInvariant(),
            (Value("--phases") ?? "check,register,reference").Split(','),
            (Value("--clients") ?? "1,8,32").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray());
    }
}

/// <summary>The run's numbers as the Markdown tables docs/BENCHMARKS.md shows, with the ratios the targets are stated in.</summary>
public sealed class Report(BenchOptions options)
{
    private readonly List<(DatabaseProvider Provider, Result Result)> _results = [];

    public List<(DatabaseProvider Provider, TimeSpan Elapsed)> Loads { get; } = [];
    public Dictionary<DatabaseProvider, int> OpenRegistrations { get; } = [];

    public void Add(DatabaseProvider provider, Result result)
    {
        _results.Add((provider, result));
        Console.WriteLine($"  {result.Name,-28} {result.Clients,2} clients: {result.PerSecond,8:0} /s  p50 {result.P50,7:0.00} ms  p95 {result.P95,7:0.00} ms  p99 {result.P99,7:0.00} ms  cpu {result.CpuMsPerOperation,5:0.00} ms/op, machine {result.MachineCpuMsPerOperation,5:0.00} ms/op{(result.OutboxWaiting is { } waiting ? $", outbox {waiting} left, drained in {result.OutboxDrainSeconds:0.0} s, sustained {result.SustainedPerSecond:0} /s" : "")}  ({result.Count} ok, {result.Errors} failed)");
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {options.Deals:N0} registrations over {options.Partners:N0} partners " +
            $"and {options.Customers:N0} customers; {options.Seconds} s per measurement; {Environment.ProcessorCount} cores; .NET {Environment.Version}.");
        foreach (var (provider, elapsed) in Loads)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{provider}: loaded in {elapsed.TotalSeconds:0} s, {OpenRegistrations.GetValueOrDefault(provider):N0} open or protected registrations.");
        }
        text.AppendLine();
        text.AppendLine("| Database | Measurement | Clients | Operations/s | Sustained/s | p50 ms | p95 ms | p99 ms | CPU ms/op | Machine CPU ms/op | Outbox left | Failed |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (provider, r) in _results)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {provider} | {r.Name} | {r.Clients} | {r.PerSecond:0} | {(r.OutboxWaiting is null ? "" : $"{r.SustainedPerSecond:0}")} | {r.P50:0.00} | {r.P95:0.00} | {r.P99:0.00} | {r.CpuMsPerOperation:0.00} | {r.MachineCpuMsPerOperation:0.00} | {(r.OutboxWaiting is { } waiting ? $"{waiting} ({r.OutboxDrainSeconds:0.0} s)" : "")} | {r.Errors} |");
        }
        text.AppendLine();
        text.AppendLine("| Target | Measured | Met |");
        text.AppendLine("|---|---|---|");
        foreach (var provider in _results.Select(r => r.Provider).Distinct())
        {
            var check = Find(provider, "conflict-check", 1);
            if (check is not null) Target(text, $"{provider}: conflict-check p95 ≤ 5 ms (1 client)", $"{check.P95:0.00} ms", check.P95 <= 5);
        }
        var pgCheck = Find(DatabaseProvider.Postgres, "conflict-check", 1);
        var trigram = Find(DatabaseProvider.Postgres, "pg_trgm lookup (reference)", 1);
        if (pgCheck is not null && trigram is not null)
        {
            var ratio = trigram.P95 / pgCheck.P95;
            Target(text, "PostgreSQL: conflict-check ≥ 10× faster than pg_trgm (p95 / p95)", $"{ratio:0.0}× ({trigram.P95:0.00} ms / {pgCheck.P95:0.00} ms)", ratio >= 10);
        }
        foreach (var name in new[] { "register", "register (auto-approval)" })
        {
            var pgRegister = Find(DatabaseProvider.Postgres, name, 32);
            var raw = Find(DatabaseProvider.Postgres, "raw INSERT (reference)", 32);
            if (pgRegister is not null && raw is not null)
            {
                var share = pgRegister.SustainedPerSecond / raw.PerSecond;
                Target(text, $"PostgreSQL: {name} ≥ 40% of raw INSERT (32 clients, sustained)", $"{share:P0} ({pgRegister.SustainedPerSecond:0} / {raw.PerSecond:0} per s)", share >= 0.4);
                Target(text, $"PostgreSQL: {name} p99 ≤ 50 ms (32 clients)", $"{pgRegister.P99:0.0} ms", pgRegister.P99 <= 50);
            }
            var sqlite = _results.Where(r => r.Provider == DatabaseProvider.Sqlite && r.Result.Name == name).Select(r => r.Result).MaxBy(r => r.SustainedPerSecond);
            if (sqlite is not null) Target(text, $"SQLite: {name} ≥ 500 per s (best of 1/8/32 clients, sustained)", $"{sqlite.SustainedPerSecond:0} per s ({sqlite.Clients} clients)", sqlite.SustainedPerSecond >= 500);
        }
        var writes = Find(DatabaseProvider.Postgres, "registration's writes (reference)", 32);
        var rawInsert = Find(DatabaseProvider.Postgres, "raw INSERT (reference)", 32);
        if (writes is not null && rawInsert is not null)
        {
            text.AppendLine();
            text.AppendLine("| Context at 32 clients on PostgreSQL (not targets) | Share |");
            text.AppendLine("|---|---|");
            text.AppendLine(CultureInfo.InvariantCulture, $"| A registration's writes alone, against raw INSERT | {writes.PerSecond / rawInsert.PerSecond:P0} ({writes.PerSecond:0} / {rawInsert.PerSecond:0} per s) |");
            foreach (var name in new[] { "register", "register (auto-approval)" })
            {
                if (Find(DatabaseProvider.Postgres, name, 32) is { } register)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"| {name} (sustained), against its writes alone | {register.SustainedPerSecond / writes.PerSecond:P0} ({register.SustainedPerSecond:0} / {writes.PerSecond:0} per s) |");
                }
            }
        }
        return text.ToString();
    }

    private Result? Find(DatabaseProvider provider, string name, int clients) =>
        _results.Where(r => r.Provider == provider && r.Result.Name == name && r.Result.Clients == clients).Select(r => r.Result).FirstOrDefault();

    private static void Target(StringBuilder text, string target, string measured, bool met) =>
        text.AppendLine(CultureInfo.InvariantCulture, $"| {target} | {measured} | {(met ? "yes" : "**no**")} |");
}
