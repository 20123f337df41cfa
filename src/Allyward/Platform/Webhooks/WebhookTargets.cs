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
}

/// <summary>
/// Keeps webhook deliveries to public addresses: a subscription's URL may not name an internal host, and every
/// connection is checked against the addresses its name resolves to at that moment, so a name that later
/// points inside (DNS rebinding) is refused too.
/// </summary>
public static class WebhookTargets
{
    public const string Refusal = "Webhooks are delivered to public addresses only; this one is on a local or private network.";

    /// <summary>Whether a URL's host is an internal name or address (only names that need no lookup are judged here).</summary>
    public static bool NamesInternalHost(Uri url) =>
        url.IsLoopback || url.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && !IsPublic(address));

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast)) return false;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast) return false;
            var first = address.GetAddressBytes()[0];
            return (first & 0xFE) != 0xFC; // fc00::/7, unique local
        }
        var b = address.GetAddressBytes();
        return !(b[0] == 10 || b[0] == 0 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
                 || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) || b[0] >= 224);
    }

    /// <summary>Connects only to public addresses of the host, in the order DNS gives them.</summary>
    public static async ValueTask<Stream> ConnectPubliclyAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        var allowed = addresses.Where(IsPublic).ToList();
        if (allowed.Count == 0) throw new HttpRequestException($"{context.DnsEndPoint.Host}: {Refusal}");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed.ToArray(), context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
