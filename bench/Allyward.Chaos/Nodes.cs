using System.Diagnostics;

namespace Allyward.Chaos;

/// <summary>One Allyward process on a loopback port, started from the built Allyward.Web.dll, that can be killed and started again.</summary>
internal sealed class Node(int number, Settings settings, IReadOnlyDictionary<string, string> environment)
{
    private Process? _process;

    public int Number { get; } = number;
    public int Port { get; } = Ports.Free();
    public Uri Address => new($"http://127.0.0.1:{Port}");
    public string Log => Path.Combine(settings.WorkFolder, $"node{Number}.log");
    public int Starts { get; private set; }

    public bool IsRunning => _process is { HasExited: false };

    public void Start()
    {
        var start = new ProcessStartInfo("dotnet", [settings.WebDll])
        {
            WorkingDirectory = Path.GetDirectoryName(settings.WebDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.Environment["Urls"] = Address.ToString().TrimEnd('/');
        start.Environment["Allyward__PublicUrl"] = Address.ToString().TrimEnd('/');
        start.Environment["Allyward__DataFolder"] = Path.Combine(settings.WorkFolder, $"node{Number}");
        var log = new StreamWriter(Log, append: true) { AutoFlush = true };
        log.WriteLine($"--- start {++Starts} at {DateTime.UtcNow:O}");
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>SIGKILL: the process ends at once, in the middle of whatever it does.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            p.WaitForExit();
        }
    }

    /// <summary>SIGTERM: the host stops gracefully; returns how long the process took to exit.</summary>
    public async Task<TimeSpan> TerminateAsync()
    {
        if (_process is not { HasExited: false } p) return TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        await p.WaitForExitAsync(timeout.Token);
        return clock.Elapsed;
    }

    /// <summary>Waits until the node answers /health/ready with 200; false if it did not within the time given.</summary>
    public async Task<bool> WaitReadyAsync(HttpClient http, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (_process is { HasExited: true }) return false;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                using var response = await http.GetAsync(new Uri(Address, "/health/ready"), timeout.Token);
                if (response.IsSuccessStatusCode) return true;
            }
            catch (Exception) { }
            await Task.Delay(100);
        }
        return false;
    }
}
