using Allyward.Platform.Isolation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Allyward.Platform.Hosting;

/// <summary>
/// Runs a piece of scheduled work on every node at a fixed interval, each run in a fresh DI scope as the
/// system. The work itself must be safe to run on several nodes at once (claim rows with conditional updates).
/// A run that fails is tried again after twice the wait of the one before, up to a minute (or the interval, if
/// longer), so a lasting fault is logged a few times a minute, not on every tick; the first run that succeeds
/// restores the interval.
/// </summary>
public abstract class PeriodicWork(IServiceScopeFactory scopes, ILogger logger) : BackgroundService
{
    private static readonly TimeSpan LongestWaitAfterFailure = TimeSpan.FromMinutes(1);

    protected abstract TimeSpan Interval { get; }

    protected abstract Task RunAsync(IServiceProvider services, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failuresInARow = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = Interval;
            AllywardMetrics? metrics = null;
            try
            {
                await using var scope = scopes.CreateAsSystemScope();
                metrics = scope.ServiceProvider.GetService<AllywardMetrics>();
                metrics?.JobStarted(GetType().Name);
                await RunAsync(scope.ServiceProvider, stoppingToken);
                failuresInARow = 0;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                metrics?.JobFailed(GetType().Name);
                wait = WaitAfterFailures(++failuresInARow);
                logger.LogError(ex, "{Work} failed ({Failures} in a row); it runs again in {Wait}.", GetType().Name, failuresInARow, wait);
            }
            try { await Task.Delay(wait, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    private TimeSpan WaitAfterFailures(int failures)
    {
        var longest = Interval > LongestWaitAfterFailure ? Interval : LongestWaitAfterFailure;
        var doubled = Interval.Ticks * Math.Pow(2, Math.Min(failures - 1, 30));
        return TimeSpan.FromTicks((long)Math.Min(longest.Ticks, doubled));
    }
}
