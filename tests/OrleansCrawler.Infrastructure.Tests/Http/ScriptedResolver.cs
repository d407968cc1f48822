using System.Net;
using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Infrastructure.Tests.Http;

/// <summary>A DNS stand-in: each name answers its scripted addresses in turn, one answer a lookup, the last answer
/// again once the script is spent (DNS rebinding: a public address first, a private one next). IP literals resolve to
/// themselves; unknown names have no address.</summary>
internal sealed class ScriptedResolver(IReadOnlyDictionary<string, string[]> answers) : IHostResolver
{
    private readonly Dictionary<string, int> _lookups = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How often <paramref name="host"/> was looked up.</summary>
    public int LookupsOf(string host)
    {
        lock (_lookups)
        {
            return _lookups.GetValueOrDefault(host);
        }
    }

    public ValueTask<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken = default)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return ValueTask.FromResult<IReadOnlyList<IPAddress>>([literal]);
        }

        if (!answers.TryGetValue(host, out var script) || script.Length == 0)
        {
            return ValueTask.FromResult<IReadOnlyList<IPAddress>>([]);
        }

        int n;
        lock (_lookups)
        {
            n = _lookups.GetValueOrDefault(host);
            _lookups[host] = n + 1;
        }

        return ValueTask.FromResult<IReadOnlyList<IPAddress>>([IPAddress.Parse(script[Math.Min(n, script.Length - 1)])]);
    }
}
