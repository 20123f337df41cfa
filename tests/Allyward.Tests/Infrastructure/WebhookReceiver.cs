using System.Net;
using System.Net.Sockets;

namespace Allyward.Tests.Infrastructure;

/// <summary>A receiving endpoint on loopback that records what it gets and answers with a chosen status.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    public List<(Dictionary<string, string> Headers, string Body)> Received { get; } = [];
    public int Status { get; set; } = 200;
    public string Url { get; }

    public WebhookReceiver()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/hooks/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); } catch (Exception) { return; }
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            lock (Received) Received.Add((context.Request.Headers.AllKeys.ToDictionary(k => k!.ToLowerInvariant(), k => context.Request.Headers[k]!), body));
            context.Response.StatusCode = Status;
            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();
}

