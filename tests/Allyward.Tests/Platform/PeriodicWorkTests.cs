using Allyward.Platform.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Allyward.Tests.Platform;

public sealed class PeriodicWorkTests
{
    /// <summary>Work due every 10 ms that fails its first <c>failures</c> runs and then succeeds.</summary>
    private sealed class FlakyWork(int failures) : PeriodicWork(
        new ServiceCollection().AddScoped<Allyward.Platform.Isolation.CurrentUser>().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(), NullLogger.Instance)
    {
        public int Runs;
        public int Successes;

        protected override TimeSpan Interval => TimeSpan.FromMilliseconds(10);

        protected override Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref Runs) <= failures) throw new InvalidOperationException("The database is unreachable.");
            Interlocked.Increment(ref Successes);
            return Task.CompletedTask;
        }
    }

    private static async Task<FlakyWork> RunForAsync(FlakyWork work, TimeSpan duration)
    {
        await work.StartAsync(CancellationToken.None);
        await Task.Delay(duration);
        await work.StopAsync(CancellationToken.None);
        return work;
    }

    [Fact]
    public async Task Work_that_keeps_failing_is_retried_less_and_less_often()
    {
        // Waits after failures: 10, 20, 40, 80, 160, 320, 640 ms… so about eight runs in 1.5 s, where a steady
        // 10 ms interval would make well over a hundred.
        var work = await RunForAsync(new FlakyWork(failures: int.MaxValue), TimeSpan.FromSeconds(1.5));

        Assert.InRange(work.Runs, 2, 12);
    }

    [Fact]
    public async Task The_first_success_brings_the_interval_back()
    {
        // Four failures wait 10 + 20 + 40 + 80 ms; the runs after the first success come every 10 ms again.
        var work = await RunForAsync(new FlakyWork(failures: 4), TimeSpan.FromSeconds(1.5));

        Assert.True(work.Successes > 20, $"Only {work.Successes} runs succeeded after the failures.");
    }
}
