using System.Net;
using System.Net.Sockets;

namespace OrleansCrawler.Core.Safety;

/// <summary>Which network addresses may be fetched: public ones always; loopback, private, link-local,
/// unique-local, unspecified and cloud-metadata addresses only with <see cref="AllowPrivate"/> or for the
/// authorities named in the seeds (the user asked for those). Thread-safe (immutable).</summary>
public sealed class AddressPolicy
{
    private readonly HashSet<string> _trusted;

    /// <param name="trustedAuthorities">Authorities (<c>host:port</c> or host) that may use any address: the seeds' hosts.</param>
    public AddressPolicy(bool allowPrivate, IEnumerable<string> trustedAuthorities)
    {
        AllowPrivate = allowPrivate;
        _trusted = new HashSet<string>(trustedAuthorities, StringComparer.OrdinalIgnoreCase);
    }

    public static AddressPolicy AllowAll { get; } = new(true, []);

    public bool AllowPrivate { get; }

    /// <summary>Whether <paramref name="authority"/> may be reached at <paramref name="address"/>.</summary>
    public bool IsAllowed(string authority, IPAddress address) => AllowPrivate || _trusted.Contains(authority) || !IsPrivate(address);

    /// <summary>Null when at least one address may be used, else the reason to record.</summary>
    public string? Check(string authority, IReadOnlyList<IPAddress> addresses)
    {
        if (addresses.Count == 0)
        {
            return $"dns: {authority} has no address";
        }

        foreach (var address in addresses)
        {
            if (IsAllowed(authority, address))
            {
                return null;
            }
        }

        return $"private-address: {authority} resolves to {addresses[0]} (loopback, private or link-local; see --allow-private)";
    }

    /// <summary>Loopback (127/8, ::1), private (10/8, 172.16/12, 192.168/16, 100.64/10 CGNAT), link-local
    /// (169.254/16 with the 169.254.169.254 metadata service, fe80::/10), unique-local (fc00::/7, so fd00::/8),
    /// unspecified (0.0.0.0/8, ::), multicast, and IPv4-mapped forms of all of these.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return b[0] switch
            {
                0 or 10 or 127 => true,
                100 => b[1] is >= 64 and < 128,
                169 => b[1] == 254,
                172 => b[1] is >= 16 and < 32,
                192 => b[1] == 168 || (b[1] == 0 && b[2] == 0),
                >= 224 => true,
                _ => false,
            };
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal
                || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal)
            {
                return true;
            }

            Span<byte> b = stackalloc byte[16];
            address.TryWriteBytes(b, out _);
            return (b[0] & 0xFE) == 0xFC;
        }

        return true;
    }
}
