using System.Diagnostics;

namespace Allyward.Bench;

/// <summary>Latencies of one measured phase, in milliseconds, and how many operations per second it sustained.</summary>
public sealed record Result(string Name, int Clients, int Count, int Errors, double Seconds, double P50, double P95, double P99, double CpuMsPerOperation,
    double MachineCpuMsPerOperation)
{
    /// <summary>Outbox messages (mail, notifications) still waiting when the measurement ended, and how long they took to deliver.</summary>
    public int? OutboxWaiting { get; init; }

    public double? OutboxDrainSeconds { get; init; }

    /// <summary>The rate at which registrations and their mail and notifications both keep up: the operations over the
    /// measured time plus the time the outbox needed afterwards to deliver what was left.</summary>
    public double SustainedPerSecond => Count / (Seconds + (OutboxDrainSeconds ?? 0));

    public double PerSecond => Count / Seconds;

    public static Result Of(string name, int clients, List<double> latencies, int errors, TimeSpan elapsed, TimeSpan cpu, TimeSpan machineCpu)
    {
        latencies.Sort();
        return new Result(name, clients, latencies.Count, errors, elapsed.TotalSeconds,
            Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99),
            latencies.Count == 0 ? double.NaN : cpu.TotalMilliseconds / latencies.Count,
            latencies.Count == 0 ? double.NaN : machineCpu.TotalMilliseconds / latencies.Count);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

public static class Measure
{
    /// <summary>
    /// Runs <paramref name="operation"/> in <paramref name="clients"/> closed loops (each waits for its answer before
    /// sending the next) until <paramref name="operations"/> have run or <paramref name="limit"/> has passed.
    /// The operation gets the client number and a running serial, and says whether it succeeded.
    /// </summary>
    public static async Task<Result> ClosedLoopAsync(string name, int clients, int operations, TimeSpan limit, Func<int, int, Task<bool>> operation)
    {
        var latencies = new List<double>[clients];
        var errors = 0;
        var next = -1;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var machineBefore = MachineCpu.Busy();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var mine = latencies[client] = [];
            while (watch.Elapsed < limit)
            {
                var serial = Interlocked.Increment(ref next);
                if (serial >= operations) break;
                var started = Stopwatch.GetTimestamp();
                var ok = await operation(client, serial);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (ok) mine.Add(elapsed);
                else Interlocked.Increment(ref errors);
            }
        })));
        var total = watch.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var machine = MachineCpu.Busy() - machineBefore;
        return Result.Of(name, clients, latencies.SelectMany(l => l).ToList(), errors, total, cpu, machine);
    }
}

/// <summary>CPU time spent by the whole machine (this process, the database server, everything else), from /proc/stat.</summary>
public static class MachineCpu
{
    public static TimeSpan Busy()
    {
        if (!File.Exists("/proc/stat")) return TimeSpan.Zero;
        // "cpu  user nice system idle iowait irq softirq steal ...", in clock ticks of 1/100 s. Busy is user, nice,
        // system, irq and softirq; idle, waiting for I/O and time taken by other virtual machines (steal) are not.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        return TimeSpan.FromMilliseconds((fields[0] + fields[1] + fields[2] + fields[5] + fields[6]) * 10);
    }
}
