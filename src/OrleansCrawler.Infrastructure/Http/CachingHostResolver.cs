using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Infrastructure.Http;

/// <summary>DNS through <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/> with a small cache:
/// answers are kept for the TTL (failures for a tenth of it), concurrent lookups of one name share one query, and
/// the cache is cleared when it grows past <see cref="MaxEntries"/>. Thread-safe.</summary>
public sealed class CachingHostResolver(TimeSpan ttl, TimeProvider time) : IHostResolver
{
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.OrdinalIgnoreCase);

    public async ValueTask<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken = default)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            return [literal];
        }

        var now = time.GetUtcNow();
        if (!_cache.TryGetValue(host, out var entry) || entry.Expires <= now)
        {
            if (_cache.Count >= MaxEntries)
            {
                _cache.Clear();
            }

            entry = new Entry(LookUpAsync(host), now + ttl);
            _cache[host] = entry;
        }

        var addresses = await entry.Addresses.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            // Do not keep a failure as long as an answer.
            _cache.TryUpdate(host, entry with { Expires = now + (ttl / 10) }, entry);
        }

        return addresses;
    }

    private static async Task<IPAddress[]> LookUpAsync(string host)
    {
        try
        {
            return await Dns.GetHostAddressesAsync(host).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return [];
        }
        catch (ArgumentException)
        {
            return [];
        }
    }

    private sealed record Entry(Task<IPAddress[]> Addresses, DateTimeOffset Expires);
}
