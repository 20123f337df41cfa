using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Allyward.Chaos;
using Npgsql;

// Fault injection against two real Allyward nodes sharing one PostgreSQL; see bench/chaos.sh and docs/RELIABILITY.md.
// Exits 1 when a side effect was lost or done twice, a request got a 5xx other than 503, an outbox message is left
// undelivered, or a node took longer than 5 s to serve again after the database came back.
var settings = Settings.Parse(args);
Directory.CreateDirectory(settings.WorkFolder);
var run = Guid.NewGuid().ToString("N")[..8];
var clock = Stopwatch.StartNew();
void Say(string text) => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0}s] {text}");

await using var webhooks = new WebhookReceiver();
await using var smtp = new SmtpSink();
var environment = new Dictionary<string, string>
{
    ["ASPNETCORE_ENVIRONMENT"] = "Production",
    ["Database__Provider"] = "Postgres",
    ["ConnectionStrings__Allyward"] = settings.Connection + ";Timeout=3;Command Timeout=15",
    ["Allyward__SeedDemoData"] = "true",
    ["Mail__Smtp__Host"] = "127.0.0.1",
    ["Mail__Smtp__Port"] = smtp.Port.ToString(),
    ["Mail__Smtp__Security"] = "None",
    ["Webhooks__AllowPrivateNetworks"] = "true",
    ["Outbox__PollInterval"] = "00:00:00.250",
    ["Outbox__Lease"] = "00:00:10",
    ["Deals__RegistrationsPerUserPerMinute"] = "0",
    ["Deals__RegistrationsPerPartnerPerMinute"] = "0",
    ["Logging__LogLevel__Default"] = "Warning",
    ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
};
var nodes = new[] { new Node(1, settings, environment), new Node(2, settings, environment) };
using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(5), ConnectTimeout = TimeSpan.FromSeconds(2) })
{
    Timeout = Timeout.InfiniteTimeSpan,
};
var failures = new List<string>();
var report = new StringBuilder();

try
{
    // Node 1 applies the migrations and the demo data; node 2 joins it.
    Say($"run {run}: starting node 1 on port {nodes[0].Port} and node 2 on port {nodes[1].Port}");
    nodes[0].Start();
    if (!await nodes[0].WaitReadyAsync(http, TimeSpan.FromSeconds(120))) throw new InvalidOperationException($"Node 1 did not start; see {nodes[0].Log}");
    nodes[1].Start();
    if (!await nodes[1].WaitReadyAsync(http, TimeSpan.FromSeconds(60))) throw new InvalidOperationException($"Node 2 did not start; see {nodes[1].Log}");
    var partnerToken = await TokenAsync("daniel.okafor@northwindsystems.com");
    var adminToken = await TokenAsync("admin@kestrelcloud.example");
    await SubscribeAsync(adminToken);
    Say("both nodes ready; tokens made; webhooks subscribed");

    var tally = new Tally();
    var load = new Load(http, nodes, partnerToken, adminToken, run, tally);
    using var stopLoad = new CancellationTokenSource();
    var loadTask = load.RunAsync(settings.Workers, stopLoad.Token);
    var phases = new List<(string Name, Counts Counts, string Notes)>();

    // 1. Killed nodes: SIGKILL one node every interval, alternating, and start it again at once.
    var before = tally.Snapshot();
    var kills = 0;
    var phaseEnd = DateTime.UtcNow + settings.KillPhase;
    while (DateTime.UtcNow + settings.KillInterval <= phaseEnd + TimeSpan.FromSeconds(1))
    {
        await Task.Delay(settings.KillInterval);
        var victim = nodes[kills % 2];
        victim.Kill();
        kills++;
        Say($"SIGKILL node {victim.Number} ({kills})");
        victim.Start();
    }
    await Task.Delay(phaseEnd > DateTime.UtcNow ? phaseEnd - DateTime.UtcNow : TimeSpan.Zero);
    foreach (var node in nodes) await node.WaitReadyAsync(http, TimeSpan.FromSeconds(60));
    phases.Add(("Killed nodes", tally.Snapshot() - before, $"{kills} SIGKILLs over {settings.KillPhase.TotalSeconds:0} s, each node started again at once"));

    // 2. Database restart: pg_ctl restart -m fast under load; time until each node serves again.
    before = tally.Snapshot();
    await Task.Delay(TimeSpan.FromSeconds(2));
    var outage = Stopwatch.StartNew();
    Say("restarting PostgreSQL (pg_ctl restart -m fast)");
    using (var restart = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", settings.RestartDatabase]) { RedirectStandardOutput = true })!)
    {
        await restart.WaitForExitAsync();
        if (restart.ExitCode != 0) throw new InvalidOperationException("The database restart command failed.");
    }
    var downFor = outage.Elapsed;
    var recoveries = await Task.WhenAll(nodes.Select(n => RecoveryAsync(n, partnerToken)));
    Say($"database back after {downFor.TotalSeconds:0.0} s; nodes served again {string.Join(" and ", recoveries.Select(r => $"{r.TotalSeconds:0.00} s"))} later");
    await Task.Delay(TimeSpan.FromSeconds(3));
    phases.Add(("Database restart", tally.Snapshot() - before,
        $"restart took {downFor.TotalSeconds:0.0} s; nodes answered a signed-in API read {string.Join(" and ", recoveries.Select(r => $"{r.TotalSeconds:0.00} s"))} after it"));
    foreach (var recovery in recoveries.Where(r => r > TimeSpan.FromSeconds(5))) failures.Add($"a node took {recovery.TotalSeconds:0.0} s to recover from the database restart");

    // 3. Graceful shutdown: SIGTERM during load; in-flight requests finish, leases are let go, the other node goes on.
    before = tally.Snapshot();
    await Task.Delay(TimeSpan.FromSeconds(2));
    Say("SIGTERM node 2");
    var exitTime = await nodes[1].TerminateAsync();
    Say($"node 2 exited {exitTime.TotalSeconds:0.0} s after SIGTERM; starting it again");
    nodes[1].Start();
    await Task.Delay(TimeSpan.FromSeconds(3));
    await nodes[1].WaitReadyAsync(http, TimeSpan.FromSeconds(60));
    phases.Add(("Graceful shutdown", tally.Snapshot() - before, $"node 2 exited {exitTime.TotalSeconds:0.0} s after SIGTERM"));

    await stopLoad.CancelAsync();
    await loadTask;
    Say($"load stopped: {load.Registrations.Count} registrations, {load.Approved.Count} approvals answered");

    // 4. Scheduled work on two nodes: every approved deal of this run is due to expire now; both nodes start at once
    //    (each runs its scheduled work at start) and node 2 is killed a moment into the run, then started again.
    await using var db = NpgsqlDataSource.Create(settings.Connection);
    var due = await ScalarAsync<long>($"""UPDATE "Deals" SET "ProtectedUntil" = now() - interval '1 minute' WHERE "CustomerName" LIKE 'Chaos {run} %' AND "Status" = 'Approved'""", affected: true);
    var expiryClock = Stopwatch.StartNew();
    var scheduledKills = 0;
    for (var round = 0; round < 8; round++)
    {
        var remaining = await ScalarAsync<long>($"""SELECT count(*) FROM "Deals" WHERE "CustomerName" LIKE 'Chaos {run} %' AND "Status" = 'Approved'""");
        if (remaining == 0) break;
        Say($"scheduled work: {remaining} of {due} deals still to expire; restarting both nodes");
        var terminated = nodes[0].TerminateAsync();
        nodes[1].Kill();
        await terminated;
        nodes[0].Start();
        nodes[1].Start();
        if (round == 0)
        {
            // Let node 2 get into its first run, then kill it mid-way.
            await nodes[1].WaitReadyAsync(http, TimeSpan.FromSeconds(60));
            await Task.Delay(300);
            nodes[1].Kill();
            scheduledKills++;
            Say("SIGKILL node 2 during its scheduled run");
            nodes[1].Start();
        }
        foreach (var node in nodes) await node.WaitReadyAsync(http, TimeSpan.FromSeconds(60));
        for (var wait = 0; wait < 40; wait++)
        {
            if (await ScalarAsync<long>($"""SELECT count(*) FROM "Deals" WHERE "CustomerName" LIKE 'Chaos {run} %' AND "Status" = 'Approved'""") == 0) break;
            await Task.Delay(250);
        }
    }
    var expired = await ScalarAsync<long>($"""SELECT count(*) FROM "Deals" WHERE "CustomerName" LIKE 'Chaos {run} %' AND "Status" = 'Expired'""");
    Say($"scheduled work: {expired} of {due} deals expired in {expiryClock.Elapsed.TotalSeconds:0.0} s");

    // Everything committed must now be delivered: wait for the outbox to empty (a killed node's lease runs out after 10 s).
    var drainClock = Stopwatch.StartNew();
    long pending = 0;
    for (var wait = 0; wait < 240; wait++)
    {
        pending = await ScalarAsync<long>("""SELECT count(*) FROM "OutboxMessages" WHERE "ProcessedAt" IS NULL AND "FailedAt" IS NULL""");
        if (pending == 0) break;
        await Task.Delay(250);
    }
    await Task.Delay(500);
    var failed = await ScalarAsync<long>("""SELECT count(*) FROM "OutboxMessages" WHERE "FailedAt" IS NOT NULL""");
    Say($"outbox: {pending} waiting, {failed} failed, after {drainClock.Elapsed.TotalSeconds:0.0} s");
    if (pending > 0) failures.Add($"{pending} outbox messages still waiting after {drainClock.Elapsed.TotalSeconds:0} s");
    if (failed > 0) failures.Add($"{failed} outbox messages failed");

    // Counting.
    var deals = new List<(Guid Id, string Customer, string Status)>();
    await using (var command = db.CreateCommand($"""SELECT "Id", "CustomerName", "Status" FROM "Deals" WHERE "CustomerName" LIKE 'Chaos {run} %'"""))
    await using (var reader = await command.ExecuteReaderAsync())
    {
        while (await reader.ReadAsync()) deals.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2)));
    }
    var byCustomer = deals.GroupBy(d => d.Customer).ToDictionary(g => g.Key, g => g.Count());
    var answered = load.Registrations.Where(r => r.DealId is not null).ToList();
    var lostRegistrations = answered.Count(r => !byCustomer.ContainsKey(r.Customer));
    var doubledRegistrations = byCustomer.Count(c => c.Value > 1);
    var retriedRegistrations = load.Registrations.Count(r => r.Attempts > 1);
    var committedUnanswered = load.Registrations.Count(r => r.DealId is null && byCustomer.ContainsKey(r.Customer));

    var approvedInDb = deals.Where(d => d.Status is "Approved" or "Expired").ToList();
    var lostApprovals = load.Approved.Keys.Count(id => !approvedInDb.Any(d => d.Id.ToString() == id));
    var histories = new Dictionary<(Guid, string), long>();
    await using (var command = db.CreateCommand($"""
        SELECT h."DealId", h."Action", count(*) FROM "DealHistory" h JOIN "Deals" d ON d."Id" = h."DealId"
        WHERE d."CustomerName" LIKE 'Chaos {run} %' GROUP BY h."DealId", h."Action"
        """))
    await using (var reader = await command.ExecuteReaderAsync())
    {
        while (await reader.ReadAsync()) histories[(reader.GetGuid(0), reader.GetString(1))] = reader.GetInt64(2);
    }
    var doubledHistory = histories.Count(h => h.Value > 1);

    // Webhooks: every committed event delivered at least once; an event published twice (two webhook-ids) is work done twice.
    var expectedEvents = deals.Select(d => $"deal.submitted|{d.Id}")
        .Concat(approvedInDb.Select(d => $"deal.approved|{d.Id}"))
        .Concat(deals.Where(d => d.Status == "Expired").Select(d => $"deal.expired|{d.Id}")).ToList();
    var lostWebhooks = expectedEvents.Count(e => !webhooks.Events.ContainsKey(e));
    var doubledWebhooks = expectedEvents.Count(e => webhooks.Events.TryGetValue(e, out var ids) && ids.Count > 1);
    var redeliveredWebhooks = webhooks.Deliveries.Values.Sum(n => n - 1);

    // Mail: every notification mail that committed (an outbox message naming a recipient) arrived, under its Message-Id.
    var expectedMails = new List<string>();
    await using (var command = db.CreateCommand($"""SELECT "Id", "Payload" FROM "OutboxMessages" WHERE "Type" = 'notify-user' AND "Payload" LIKE '%Chaos {run} %'"""))
    await using (var reader = await command.ExecuteReaderAsync())
    {
        while (await reader.ReadAsync())
        {
            using var payload = JsonDocument.Parse(reader.GetString(1));
            if (payload.RootElement.TryGetProperty("EmailTo", out var to) && to.ValueKind == JsonValueKind.String) expectedMails.Add($"<{reader.GetGuid(0):N}@allyward>");
        }
    }
    var lostMails = expectedMails.Count(id => !smtp.Deliveries.ContainsKey(id));
    var doubledMails = smtp.Mails.Count(m => m.Key.Contains($"Chaos {run} ") && m.Value.Count > 1);
    var redeliveredMails = smtp.Deliveries.Values.Sum(n => n - 1);
    var expiryMails = smtp.Mails.Count(m => m.Key.Contains($"Chaos {run} ") && m.Key.Contains("Deal protection ended"));

    var total = tally.Snapshot();
    var lost = lostRegistrations + lostApprovals + lostWebhooks + lostMails;
    var doubled = doubledRegistrations + doubledHistory + doubledWebhooks + doubledMails;
    if (lost > 0) failures.Add($"{lost} side effects lost (registrations {lostRegistrations}, approvals {lostApprovals}, webhooks {lostWebhooks}, mails {lostMails})");
    if (doubled > 0) failures.Add($"{doubled} side effects done twice (registrations {doubledRegistrations}, history entries {doubledHistory}, webhook events {doubledWebhooks}, mails {doubledMails})");
    if (total.ServerErrors > 0) failures.Add($"{total.ServerErrors} answers were a 5xx other than 503: {string.Join(" | ", tally.ServerErrorBodies)}");
    if (expired != due) failures.Add($"{due - expired} of {due} due deals did not expire");
    if (expiryMails != expired) failures.Add($"{expiryMails} expiry mails for {expired} expired deals");
    if (answered.Count == 0 || due == 0) failures.Add("the load registered or approved nothing");

    report.AppendLine($"Run `{run}`, {(settings.Short ? "short" : "full")} version, {settings.Workers} clients, {clock.Elapsed.TotalSeconds:0} s in all.");
    report.AppendLine();
    report.AppendLine("| Phase | Requests sent | 2xx | 4xx | 503 | other 5xx | no answer | timed out | retries | Notes |");
    report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    foreach (var (name, c, notes) in phases.Append(("All (with the load's final requests)", total, "")))
    {
        report.AppendLine($"| {name} | {c.Sent} | {c.Success} | {c.ClientErrors} | {c.Unavailable} | {c.ServerErrors} | {c.ConnectionErrors} | {c.Timeouts} | {c.Retries} | {notes} |");
    }
    report.AppendLine();
    report.AppendLine("| Side effect | Expected | Lost | Done twice | Redelivered (same id) |");
    report.AppendLine("|---|---:|---:|---:|---:|");
    report.AppendLine($"| Deal registrations answered 2xx | {answered.Count} | {lostRegistrations} | {doubledRegistrations} | – |");
    report.AppendLine($"| Approvals answered 2xx | {load.Approved.Count} | {lostApprovals} | {histories.Count(h => h.Key.Item2 == "approved" && h.Value > 1)} | – |");
    report.AppendLine($"| Expiries by scheduled work ({scheduledKills} node killed mid-run) | {due} | {due - expired} | {histories.Count(h => h.Key.Item2 == "expired" && h.Value > 1)} | – |");
    report.AppendLine($"| Webhook events (submitted, approved, expired) | {expectedEvents.Count} | {lostWebhooks} | {doubledWebhooks} | {redeliveredWebhooks} |");
    report.AppendLine($"| Notification mails | {expectedMails.Count} | {lostMails} | {doubledMails} | {redeliveredMails} |");
    report.AppendLine();
    report.AppendLine($"Answers by status: {string.Join(", ", tally.ByStatus.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}.");
    report.AppendLine();
    report.AppendLine($"Registrations retried with their key: {retriedRegistrations}; committed but never answered (the client gave up or was told the answer was lost): {committedUnanswered}; " +
                      $"requests given up after 45 s: {load.Unanswered}. Outbox after the run: {pending} waiting, {failed} failed.");
    report.AppendLine();
    report.AppendLine(failures.Count == 0 ? "Result: **pass** — nothing lost, nothing done twice, no 5xx but 503." : $"Result: **FAIL** — {string.Join("; ", failures)}.");
}
catch (Exception ex)
{
    failures.Add(ex.Message);
    report.AppendLine($"The run stopped: {ex}");
}
finally
{
    foreach (var node in nodes) node.Kill();
}

Console.WriteLine();
Console.WriteLine(report);
if (settings.ReportFile is { } file) await File.WriteAllTextAsync(file, report.ToString());
return failures.Count == 0 ? 0 : 1;

async Task<string> TokenAsync(string email)
{
    var start = new ProcessStartInfo("dotnet", [settings.WebDll, "tokens", "create", "--user", email, "--name", $"chaos {run}"])
    {
        RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(settings.WebDll)!,
    };
    foreach (var (key, value) in environment) start.Environment[key] = value;
    using var cli = Process.Start(start)!;
    var output = await cli.StandardOutput.ReadToEndAsync();
    await cli.WaitForExitAsync();
    if (cli.ExitCode != 0) throw new InvalidOperationException($"tokens create failed: {output}{await cli.StandardError.ReadToEndAsync()}");
    return output.Trim().Split('\n')[^1].Trim();
}

async Task SubscribeAsync(string token)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(nodes[0].Address, "/api/v1/webhooks"))
    {
        Content = new StringContent(JsonSerializer.Serialize(new
        {
            url = $"http://127.0.0.1:{webhooks.Port}/hook",
            events = new[] { "deal.submitted", "deal.approved", "deal.expired" },
            description = $"chaos {run}",
        }), Encoding.UTF8, "application/json"),
    };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    using var response = await http.SendAsync(request);
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Subscribing the webhook failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
}

// From the moment the database is back until a signed-in API read (authentication and a query) succeeds on the node.
async Task<TimeSpan> RecoveryAsync(Node node, string token)
{
    var since = Stopwatch.StartNew();
    while (since.Elapsed < TimeSpan.FromSeconds(60))
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(node.Address, "/api/v1/deals?pageSize=1"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            using var response = await http.SendAsync(request, timeout.Token);
            if (response.IsSuccessStatusCode) return since.Elapsed;
        }
        catch (Exception) { }
        await Task.Delay(50);
    }
    return since.Elapsed;
}

async Task<T> ScalarAsync<T>(string sql, bool affected = false)
{
    await using var source = NpgsqlDataSource.Create(settings.Connection);
    await using var command = source.CreateCommand(sql);
    if (affected) return (T)(object)(long)await command.ExecuteNonQueryAsync();
    return (T)(await command.ExecuteScalarAsync())!;
}

internal sealed record Settings(string WebDll, string Connection, string RestartDatabase, string WorkFolder, bool Short, string? ReportFile)
{
    public int Workers => Short ? 4 : 6;
    public TimeSpan KillPhase => Short ? TimeSpan.FromSeconds(20) : TimeSpan.FromMinutes(2);
    public TimeSpan KillInterval => Short ? TimeSpan.FromSeconds(9) : TimeSpan.FromSeconds(20);

    public static Settings Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new Settings(
            Value("--web") ?? throw new ArgumentException("--web <path to Allyward.Web.dll>"),
            Value("--connection") ?? throw new ArgumentException("--connection <PostgreSQL connection string>"),
            Value("--restart-database") ?? throw new ArgumentException("--restart-database <shell command>"),
            Value("--work") ?? Path.Combine(Path.GetTempPath(), $"allyward-chaos-{Environment.ProcessId}"),
            args.Contains("--short"),
            Value("--report"));
    }
}
