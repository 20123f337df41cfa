using System.Net;
using System.Net.Sockets;

namespace Allyward.Platform.Webhooks;

/// <summary>
/// Which IP addresses are globally reachable, after IANA's IPv4 and IPv6 Special-Purpose Address Registries
/// (iana-ipv4-special-registry, iana-ipv6-special-registry; RFC 6890 and its updates) and the address space registries
/// (multicast, and IPv6 global unicast being 2000::/3). The most specific block that holds an address decides, so the
/// registries' globally reachable exceptions inside larger blocks (such as 192.0.0.9/32 in 192.0.0.0/24) are honoured;
/// "N/A" in the registry counts as not reachable. The IPv4 address inside an IPv4-mapped address (::ffff:0:0/96) or a
/// well-known-prefix NAT64 address (64:ff9b::/96) is judged by the IPv4 rules.
/// </summary>
public static class SpecialPurposeAddresses
{
    /// <summary>One registry entry: the block, its name in the registry, and whether it is globally reachable.</summary>
    public sealed record Block(IPNetwork Network, string Name, bool GloballyReachable);

    private static Block Entry(string network, string name, bool globallyReachable = false) => new(IPNetwork.Parse(network), name, globallyReachable);

    public static IReadOnlyList<Block> Blocks { get; } =
    [
        // IANA IPv4 Special-Purpose Address Registry
        Entry("0.0.0.0/8", "\"This network\""),
        Entry("0.0.0.0/32", "\"This host on this network\""),
        Entry("10.0.0.0/8", "Private-Use"),
        Entry("100.64.0.0/10", "Shared Address Space"),
        Entry("127.0.0.0/8", "Loopback"),
        Entry("169.254.0.0/16", "Link Local"),
        Entry("172.16.0.0/12", "Private-Use"),
        Entry("192.0.0.0/24", "IETF Protocol Assignments"),
        Entry("192.0.0.0/29", "IPv4 Service Continuity Prefix"),
        Entry("192.0.0.8/32", "IPv4 dummy address"),
        Entry("192.0.0.9/32", "Port Control Protocol Anycast", globallyReachable: true),
        Entry("192.0.0.10/32", "Traversal Using Relays around NAT Anycast", globallyReachable: true),
        Entry("192.0.0.170/32", "NAT64/DNS64 Discovery"),
        Entry("192.0.0.171/32", "NAT64/DNS64 Discovery"),
        Entry("192.0.2.0/24", "Documentation (TEST-NET-1)"),
        Entry("192.31.196.0/24", "AS112-v4", globallyReachable: true),
        Entry("192.52.193.0/24", "AMT", globallyReachable: true),
        Entry("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)"),
        Entry("192.168.0.0/16", "Private-Use"),
        Entry("192.175.48.0/24", "Direct Delegation AS112 Service", globallyReachable: true),
        Entry("198.18.0.0/15", "Benchmarking"),
        Entry("198.51.100.0/24", "Documentation (TEST-NET-2)"),
        Entry("203.0.113.0/24", "Documentation (TEST-NET-3)"),
        Entry("240.0.0.0/4", "Reserved"),
        Entry("255.255.255.255/32", "Limited Broadcast"),
        // IANA IPv4 Address Space Registry
        Entry("224.0.0.0/4", "Multicast"),

        // IANA IPv6 Special-Purpose Address Registry
        Entry("::1/128", "Loopback Address"),
        Entry("::/128", "Unspecified Address"),
        Entry("::ffff:0:0/96", "IPv4-mapped Address"),
        Entry("64:ff9b::/96", "IPv4-IPv6 Translat.", globallyReachable: true),
        Entry("64:ff9b:1::/48", "IPv4-IPv6 Translat."),
        Entry("100::/64", "Discard-Only Address Block"),
        Entry("100:0:0:1::/64", "Dummy IPv6 Prefix"),
        Entry("2001::/23", "IETF Protocol Assignments"),
        Entry("2001::/32", "TEREDO"),
        Entry("2001:1::1/128", "Port Control Protocol Anycast", globallyReachable: true),
        Entry("2001:1::2/128", "Traversal Using Relays around NAT Anycast", globallyReachable: true),
        Entry("2001:1::3/128", "DNS-SD Service Registration Protocol Anycast", globallyReachable: true),
        Entry("2001:2::/48", "Benchmarking"),
        Entry("2001:3::/32", "AMT", globallyReachable: true),
        Entry("2001:4:112::/48", "AS112-v6", globallyReachable: true),
        Entry("2001:10::/28", "Deprecated (previously ORCHID)"),
        Entry("2001:20::/28", "ORCHIDv2", globallyReachable: true),
        Entry("2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs) Prefix", globallyReachable: true),
        Entry("2001:db8::/32", "Documentation"),
        Entry("2002::/16", "6to4"),
        Entry("2620:4f:8000::/48", "Direct Delegation AS112 Service", globallyReachable: true),
        Entry("3fff::/20", "Documentation"),
        Entry("5f00::/16", "Segment Routing (SRv6) SIDs"),
        Entry("fc00::/7", "Unique-Local"),
        Entry("fe80::/10", "Link-Local Unicast"),
        // IANA IPv6 Address Space Registry: everything outside global unicast (2000::/3) is not reachable either; these
        // are named for clearer reading only.
        Entry("::/96", "IPv4-compatible Address (deprecated)"),
        Entry("::ffff:0:0:0/96", "IPv4-translated Address (SIIT, obsolete)"),
        Entry("fec0::/10", "Site-Local (deprecated)"),
        Entry("ff00::/8", "Multicast"),
    ];

    private static readonly IPNetwork GlobalUnicast = IPNetwork.Parse("2000::/3");
    private static readonly IPNetwork Nat64WellKnownPrefix = IPNetwork.Parse("64:ff9b::/96");

    /// <summary>The most specific registry block that holds the address, if any.</summary>
    public static Block? BlockOf(IPAddress address) =>
        Blocks.Where(b => b.Network.Contains(address)).MaxBy(b => b.Network.PrefixLength);

    public static bool IsGloballyReachable(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0) address = new IPAddress(address.GetAddressBytes());
        if (address.IsIPv4MappedToIPv6) return IsGloballyReachable(address.MapToIPv4());
        if (Nat64WellKnownPrefix.Contains(address)) return IsGloballyReachable(new IPAddress(address.GetAddressBytes()[12..]));
        if (BlockOf(address) is { } block) return block.GloballyReachable;
        return address.AddressFamily == AddressFamily.InterNetwork || GlobalUnicast.Contains(address);
    }
}
