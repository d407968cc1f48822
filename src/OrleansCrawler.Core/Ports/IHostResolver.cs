using System.Net;

namespace OrleansCrawler.Core.Ports;

/// <summary>Resolves host names to addresses (cached by the implementation). IP literals resolve to themselves.</summary>
public interface IHostResolver
{
    /// <summary>The host's addresses; empty when it does not resolve.</summary>
    ValueTask<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken = default);
}
