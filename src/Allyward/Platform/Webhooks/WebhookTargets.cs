using System.Net;
using System.Net.Sockets;

namespace Allyward.Platform.Webhooks;

public sealed class WebhookOptions
{
    /// <summary>
    /// Deliver to loopback, private, link-local and other internal addresses too. Off by default, so that whoever may
    /// subscribe a webhook cannot make the server call into its own network; turn it on for receivers inside it.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>The most active subscriptions at once; it keeps the list one short page and each event's fan-out bounded.</summary>
    public int MaxSubscriptions { get; set; } = 50;
}

/// <summary>The addresses a webhook host name stands for (DNS; replaced in tests).</summary>
public interface IWebhookHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

internal sealed class DnsWebhookHostResolver : IWebhookHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken);
}

/// <summary>
/// Keeps webhook deliveries to globally reachable addresses (<see cref="SpecialPurposeAddresses"/>): a subscription's
/// URL may not name an internal host or one that resolves to an internal address, and every connection is checked
/// against the addresses its name resolves to at that moment, so a name that later points inside (DNS rebinding) is
/// refused too.
/// </summary>
public sealed class WebhookTargets(IWebhookHostResolver resolver)
{
    public const string Refusal = "Webhooks are delivered to public addresses only; this one is on a local or private network.";

    /// <summary>How long a subscription waits for its host name to resolve; one that does not is checked when delivering.</summary>
    private static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The host in the ASCII form DNS uses, or null when it has characters no host name may hold: <see cref="Uri"/>
    /// accepts such a host (a bidirectional isolate, for one) and throws only when asked for its IDN form.
    /// </summary>
    public static string? HostOf(Uri url)
    {
        try
        {
            return url.IdnHost;
        }
        catch (Exception ex) when (ex is UriFormatException or ArgumentException)
        {
            return null;
        }
    }

    public static bool IsPublic(IPAddress address) => SpecialPurposeAddresses.IsGloballyReachable(address);

    /// <summary>
    /// Whether a URL's host is an internal name or address, or a name that now resolves to any internal address. A name
    /// that does not resolve passes here: the connection is checked again when delivering.
    /// </summary>
    public async Task<bool> NamesInternalHostAsync(Uri url, CancellationToken cancellationToken)
    {
        // A host with no IDN form cannot be resolved or called: it is refused as unsafe rather than failing.
        if (HostOf(url) is not { } host) return true;
        if (url.IsLoopback || IsLocalhostName(host)) return true;
        if (Literal(host) is { } literal) return !IsPublic(literal);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(LookupTimeout);
        IPAddress[] addresses;
        try
        {
            addresses = await resolver.ResolveAsync(host, timeout.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ArgumentException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        return addresses.Any(a => !IsPublic(a));
    }

    /// <summary>Connects only to public addresses of the host, in the order DNS gives them.</summary>
    public async ValueTask<Stream> ConnectPubliclyAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        if (IsLocalhostName(host)) throw new HttpRequestException($"{host}: {Refusal}");
        var addresses = Literal(host) is { } literal ? [literal] : await resolver.ResolveAsync(host, cancellationToken);
        var allowed = addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0) throw new HttpRequestException($"{host}: {Refusal}");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>"localhost" and its subdomains always mean this machine (RFC 6761), whatever DNS says.</summary>
    private static bool IsLocalhostName(string host)
    {
        host = host.TrimEnd('.');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
    }

    private static IPAddress? Literal(string host) =>
        IPAddress.TryParse(host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host, out var address) ? address : null;
}
