using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Allyward.Chaos;

/// <summary>Receives webhooks on loopback and counts them by <c>webhook-id</c> and by event (type and deal).</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    /// <summary>How often each webhook-id arrived.</summary>
    public ConcurrentDictionary<string, int> Deliveries { get; } = new();

    /// <summary>The webhook-ids seen for each event, keyed "type|dealId".</summary>
    public ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> Events { get; } = new();

    public int Port { get; }

    public WebhookReceiver()
    {
        Port = Ports.Free();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            _ = Task.Run(() => Handle(context));
        }
    }

    private void Handle(HttpListenerContext context)
    {
        try
        {
            var id = context.Request.Headers["webhook-id"] ?? "";
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            using var body = JsonDocument.Parse(reader.ReadToEnd());
            var type = body.RootElement.GetProperty("type").GetString();
            var dealId = body.RootElement.TryGetProperty("data", out var data) && data.TryGetProperty("id", out var d) ? d.GetString() : "";
            Deliveries.AddOrUpdate(id, 1, (_, n) => n + 1);
            Events.GetOrAdd($"{type}|{dealId}", _ => new()).TryAdd(id, 0);
            context.Response.StatusCode = 200;
        }
        catch (Exception)
        {
            context.Response.StatusCode = 400;
        }
        context.Response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try { await _loop; } catch (Exception) { }
        _listener.Close();
    }
}

/// <summary>An SMTP server on loopback that accepts every message, any number of connections at once, and counts
/// messages by Message-Id and by recipient and subject.</summary>
internal sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>How often each Message-Id arrived.</summary>
    public ConcurrentDictionary<string, int> Deliveries { get; } = new();

    /// <summary>The Message-Ids seen for each "recipient|subject".</summary>
    public ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> Mails { get; } = new();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public SmtpSink()
    {
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try { await ConverseAsync(client); }
                    catch (Exception) { }
                }
            });
        }
    }

    private async Task ConverseAsync(TcpClient client)
    {
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 sink ready");
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            var command = line.Split(' ')[0].ToUpperInvariant();
            if (command is "EHLO" or "HELO") await writer.WriteLineAsync("250 sink");
            else if (command == "DATA")
            {
                await writer.WriteLineAsync("354 go ahead");
                var headers = new List<string>();
                var inHeaders = true;
                while (await reader.ReadLineAsync(_stop.Token) is { } data && data != ".")
                {
                    if (!inHeaders) continue;
                    if (data.Length == 0) inHeaders = false;
                    else if (data[0] is ' ' or '\t' && headers.Count > 0) headers[^1] += " " + data.Trim();
                    else headers.Add(data);
                }
                Count(headers);
                await writer.WriteLineAsync("250 queued");
            }
            else if (command == "QUIT")
            {
                await writer.WriteLineAsync("221 bye");
                return;
            }
            else await writer.WriteLineAsync("250 ok");
        }
    }

    private void Count(List<string> headers)
    {
        string Header(string name) => headers.FirstOrDefault(h => h.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))?[(name.Length + 1)..].Trim() ?? "";
        var id = Header("Message-Id");
        var to = Header("To");
        var subject = Header("Subject");
        Deliveries.AddOrUpdate(id, 1, (_, n) => n + 1);
        Mails.GetOrAdd($"{to}|{subject}", _ => new()).TryAdd(id, 0);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _loop; } catch (Exception) { }
    }
}

internal static class Ports
{
    public static int Free()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
