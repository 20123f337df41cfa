using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Allyward.Tests.Infrastructure;

/// <summary>
/// A minimal SMTP server on loopback that accepts every message and keeps its raw text, one connection at a time;
/// with <c>closeAfterEachMessage</c> it drops the connection after each message, as a server closing idle ones does.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly bool _closeAfterEachMessage;
    private int _connections;

    public List<string> Messages { get; } = [];
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public int Connections => Volatile.Read(ref _connections);

    public SmtpSink(bool closeAfterEachMessage = false)
    {
        _closeAfterEachMessage = closeAfterEachMessage;
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            try
            {
                await ConverseAsync(client);
            }
            catch (IOException)
            {
                // The client hung up mid-conversation (a pooled connection closed by its owner): wait for the next one.
            }
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
                var message = new StringBuilder();
                while (await reader.ReadLineAsync(_stop.Token) is { } data && data != ".") message.AppendLine(data);
                lock (Messages) Messages.Add(message.ToString());
                await writer.WriteLineAsync("250 queued");
                if (_closeAfterEachMessage) break;
            }
            else if (command == "QUIT")
            {
                await writer.WriteLineAsync("221 bye");
                break;
            }
            else await writer.WriteLineAsync("250 ok");
        }

    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _loop; } catch (OperationCanceledException) { } catch (SocketException) { } catch (ObjectDisposedException) { }
    }
}
