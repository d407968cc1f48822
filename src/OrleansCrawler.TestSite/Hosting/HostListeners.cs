using System.Collections.Frozen;
using System.Net;

namespace OrleansCrawler.TestSite.Hosting;

/// <summary>Which host of the web a connection came in on, from its local endpoint. A host bound to a specific
/// address (127.0.0.1, or 127.0.0.x with distinct addresses) is found by address and port. A host bound to a
/// wildcard (0.0.0.0 or ::, as in a container) is found by port alone: the connection's local address is then
/// whichever address of the machine the client dialled (the container's own), never the wildcard.</summary>
internal sealed class HostListeners
{
    private readonly FrozenDictionary<long, int> _byEndpoint;
    private readonly FrozenDictionary<int, int> _byWildcardPort;

    public HostListeners(IReadOnlyList<IPEndPoint> endpoints)
    {
        _byEndpoint = endpoints
            .Select((ep, host) => (ep, host))
            .Where(x => !IsWildcard(x.ep.Address))
            .ToFrozenDictionary(x => EndpointKey(x.ep.Address, x.ep.Port), x => x.host);
        _byWildcardPort = endpoints
            .Select((ep, host) => (ep, host))
            .Where(x => IsWildcard(x.ep.Address))
            .ToFrozenDictionary(x => x.ep.Port, x => x.host);
    }

    /// <summary>The host listening where a connection arrived (its local address and port); false if none does.</summary>
    public bool TryFind(IPAddress? localAddress, int localPort, out int host)
    {
        host = -1;
        if (localAddress is null)
        {
            return false;
        }

        return _byEndpoint.TryGetValue(EndpointKey(localAddress, localPort), out host)
            || _byWildcardPort.TryGetValue(localPort, out host);
    }

    private static bool IsWildcard(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);

    private static long EndpointKey(IPAddress address, int port)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int length);
        long key = port;
        for (int k = 0; k < length; k++)
        {
            key = key * 31 + bytes[k];
        }

        return key;
    }
}
