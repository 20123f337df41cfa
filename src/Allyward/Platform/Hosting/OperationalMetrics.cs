using System.Diagnostics.Metrics;
using System.Text.Json;
using Allyward.Platform.Data;
using Allyward.Platform.Isolation;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Allyward.Platform.Hosting;

/// <summary>How many outbox messages wait to be delivered, and since when the oldest of them.</summary>
public sealed record OutboxBacklog(int Waiting, TimeSpan OldestAge, int Failed);

/// <summary>Reads the outbox backlog, at most once every few seconds however often health checks and scrapes ask.</summary>
public sealed class OutboxBacklogReader(IServiceScopeFactory scopes, TimeProvider time)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (OutboxBacklog Backlog, DateTime ReadAt)? _last;

    public async Task<OutboxBacklog> ReadAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_last is { } last && now - last.ReadAt < Fresh) return last.Backlog;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } again && now - again.ReadAt < Fresh) return again.Backlog;
            await using var scope = scopes.CreateAsSystemScope();
            var db = scope.ServiceProvider.GetRequiredService<AllywardDbContext>();
            var waiting = db.OutboxMessages.Where(m => m.ProcessedAt == null && m.FailedAt == null);
            var count = await waiting.CountAsync(cancellationToken);
            var oldest = count == 0 ? (DateTime?)null : await waiting.MinAsync(m => (DateTime?)m.CreatedAt, cancellationToken);
            var failed = await db.OutboxMessages.CountAsync(m => m.FailedAt != null, cancellationToken);
            var backlog = new OutboxBacklog(count, oldest is { } o && o < now ? now - o : TimeSpan.Zero, failed);
            _last = (backlog, now);
            return backlog;
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>
/// Allyward's own metrics (meter <c>Allyward</c>), next to ASP.NET Core's request rate and latency; exported for
/// Prometheus at <c>/metrics</c>. Names there: <c>allyward_outbox_backlog</c>, <c>allyward_outbox_oldest_age_seconds</c>,
/// <c>allyward_outbox_failed</c>, <c>allyward_outbox_deliveries_total</c>, <c>allyward_outbox_delivery_failures_total</c>,
/// <c>allyward_job_runs_total</c> and <c>allyward_job_failures_total</c> (by <c>job</c>).
/// </summary>
public sealed class AllywardMetrics
{
    public const string MeterName = "Allyward";

    private readonly Counter<long> _jobRuns;
    private readonly Counter<long> _jobFailures;
    private readonly Counter<long> _deliveries;
    private readonly Counter<long> _deliveryFailures;

    public AllywardMetrics(IMeterFactory meters, OutboxBacklogReader backlog)
    {
        var meter = meters.Create(MeterName);
        _jobRuns = meter.CreateCounter<long>("allyward.job.runs", description: "Runs of scheduled work, by job.");
        _jobFailures = meter.CreateCounter<long>("allyward.job.failures", description: "Runs of scheduled work that failed, by job.");
        _deliveries = meter.CreateCounter<long>("allyward.outbox.deliveries", description: "Outbox messages delivered, by type.");
        _deliveryFailures = meter.CreateCounter<long>("allyward.outbox.delivery_failures", description: "Failed outbox delivery attempts, by type.");
        meter.CreateObservableGauge<int>("allyward.outbox.backlog", () => Read(backlog) is { } b ? [new Measurement<int>(b.Waiting)] : [],
            description: "Outbox messages waiting to be delivered.");
        meter.CreateObservableGauge<double>("allyward.outbox.oldest_age", () => Read(backlog) is { } b ? [new Measurement<double>(b.OldestAge.TotalSeconds)] : [],
            unit: "s", description: "Age of the oldest outbox message waiting to be delivered.");
        meter.CreateObservableGauge<int>("allyward.outbox.failed", () => Read(backlog) is { } b ? [new Measurement<int>(b.Failed)] : [],
            description: "Outbox messages that failed too often and wait for an operator.");
    }

    /// <summary>A scrape reads the backlog synchronously; a database that cannot answer leaves the gauges out of it.</summary>
    private static OutboxBacklog? Read(OutboxBacklogReader backlog)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            return backlog.ReadAsync(timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception)
        {
            return null;
        }
    }

    public void JobStarted(string job)
    {
        _jobRuns.Add(1, new KeyValuePair<string, object?>("job", job));
        // Every job's failure series exists from its first run, so a rate over it is 0, not missing.
        _jobFailures.Add(0, new KeyValuePair<string, object?>("job", job));
    }

    public void JobFailed(string job) => _jobFailures.Add(1, new KeyValuePair<string, object?>("job", job));

    public void Delivered(string type) => _deliveries.Add(1, new KeyValuePair<string, object?>("type", type));

    public void DeliveryFailed(string type) => _deliveryFailures.Add(1, new KeyValuePair<string, object?>("type", type));
}

/// <summary>Ready means the database answers; the outbox backlog is reported with it, and a backlog older than
/// <see cref="StaleAfter"/> makes the node "Degraded" (still 200: the node serves, but delivery is behind).</summary>
internal sealed class OutboxHealthCheck(OutboxBacklogReader backlog) : IHealthCheck
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = await backlog.ReadAsync(cancellationToken);
        var data = new Dictionary<string, object>
        {
            ["waiting"] = now.Waiting,
            ["oldestAgeSeconds"] = Math.Round(now.OldestAge.TotalSeconds, 1),
            ["failed"] = now.Failed,
        };
        return now.OldestAge > StaleAfter
            ? HealthCheckResult.Degraded($"The oldest outbox message has waited {now.OldestAge.TotalMinutes:0} minutes.", data: data)
            : HealthCheckResult.Healthy($"{now.Waiting} outbox messages waiting.", data);
    }

    /// <summary>Writes the report as JSON: the overall status and each check's status, description and data.</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description ?? e.Value.Exception?.Message,
                data = e.Value.Data.Count == 0 ? null : e.Value.Data,
            }),
        }, cancellationToken: context.RequestAborted);
    }
}
