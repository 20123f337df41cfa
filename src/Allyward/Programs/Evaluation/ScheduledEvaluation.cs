using Allyward.Platform.Hosting;
using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allyward.Programs.Evaluation;

public sealed class ProgramsOptions
{
    /// <summary>How often each node looks for a program whose monthly evaluation is due.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>Runs each program's evaluation once a month, on its evaluation day, once across nodes.</summary>
public sealed class ScheduledEvaluation(AllywardDbContext db, TimeProvider time, ProgramEvaluator evaluator)
{
    /// <summary>Evaluates every program that is due; answers how many it evaluated.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var ran = 0;
        foreach (var program in await db.Programs.AsNoTracking().ToListAsync(cancellationToken))
        {
            var dueOn = new DateOnly(today.Year, today.Month, program.EvaluationDay);
            if (dueOn > today) dueOn = dueOn.AddMonths(-1);
            var dueSince = dueOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            if (program.LastEvaluationStartedAt >= dueSince) continue;
            db.ChangeTracker.Clear();
            if ((await evaluator.RunAsync(program.Id, "Scheduled evaluation", dueSince, cancellationToken)).Succeeded) ran++;
        }
        return ran;
    }
}

internal sealed class ScheduledEvaluationWorker(IServiceScopeFactory scopes, ILogger<ScheduledEvaluationWorker> logger, IOptions<ProgramsOptions> options)
    : PeriodicWork(scopes, logger)
{
    protected override TimeSpan Interval => options.Value.CheckInterval;

    protected override Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<ScheduledEvaluation>().RunDueAsync(cancellationToken);
}
