using System.Net;
using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Pipeline.Tests.Fakes;

/// <summary>Resolves names from a table (unknown names: no address) and counts lookups.</summary>
internal sealed class FakeResolver(IReadOnlyDictionary<string, string[]> names) : IHostResolver
{
    public int Lookups { get; private set; }

    public ValueTask<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken = default)
    {
        Lookups++;
        IReadOnlyList<IPAddress> addresses = IPAddress.TryParse(host, out var literal) ? [literal]
            : names.TryGetValue(host, out var found) ? [.. found.Select(IPAddress.Parse)] : [];
        return ValueTask.FromResult(addresses);
    }
}
