using System.Net;
using System.Text.RegularExpressions;
using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Core.Scope;

/// <summary>Decides whether a normalized URL is in the crawl's scope: the scope mode against the seeds, then
/// include regexes (when any are given, one must match) and exclude regexes (none may match).</summary>
/// <remarks>Patterns match anywhere in the full normalized URL (anchor them with ^ and $ as needed). A pattern
/// that exceeds its 100 ms match timeout counts against the URL: a timed-out include does not match and a
/// timed-out exclude does, so a pathological pattern narrows the crawl rather than widening it.</remarks>
public sealed class CrawlScope
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    private readonly ScopeMode _mode;
    private readonly HashSet<string> _allowed = new(StringComparer.OrdinalIgnoreCase);
    private readonly Regex[] _include;
    private readonly Regex[] _exclude;

    /// <param name="seeds">Normalized seed URLs.</param>
    /// <exception cref="ArgumentException">An include/exclude pattern is not a valid regex (message names it).</exception>
    public CrawlScope(ScopeMode mode, IEnumerable<string> seeds, IEnumerable<string>? include = null, IEnumerable<string>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown scope mode.");
        }

        _mode = mode;
        if (mode != ScopeMode.Any)
        {
            foreach (var seed in seeds)
            {
                var authority = HostPartitioner.AuthoritySpan(seed);
                _allowed.Add(mode == ScopeMode.Host ? authority.ToString() : RegistrableDomain(authority).ToString());
            }
        }

        _include = Compile(include, nameof(include));
        _exclude = Compile(exclude, nameof(exclude));
    }

    public bool IsInScope(string normalizedUrl)
    {
        ArgumentNullException.ThrowIfNull(normalizedUrl);
        if (!normalizedUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            && !normalizedUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (_mode != ScopeMode.Any)
        {
            var authority = HostPartitioner.AuthoritySpan(normalizedUrl);
            var key = _mode == ScopeMode.Host ? authority : RegistrableDomain(authority);
            if (!_allowed.GetAlternateLookup<ReadOnlySpan<char>>().Contains(key))
            {
                return false;
            }
        }

        if (_include.Length > 0 && !AnyMatch(_include, normalizedUrl, onTimeout: false))
        {
            return false;
        }

        return !AnyMatch(_exclude, normalizedUrl, onTimeout: true);
    }

    /// <summary>The last two labels of the host (port ignored); an IP address host is its own domain.</summary>
    internal static ReadOnlySpan<char> RegistrableDomain(ReadOnlySpan<char> authority)
    {
        ReadOnlySpan<char> host;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            return close < 0 ? authority : authority[..(close + 1)];
        }

        var colon = authority.IndexOf(':');
        host = colon < 0 ? authority : authority[..colon];
        host = host.TrimEnd('.');
        if (IPAddress.TryParse(host, out _))
        {
            return host;
        }

        var last = host.LastIndexOf('.');
        if (last <= 0)
        {
            return host;
        }

        var secondLast = host[..last].LastIndexOf('.');
        return secondLast < 0 ? host : host[(secondLast + 1)..];
    }

    private static bool AnyMatch(Regex[] patterns, string url, bool onTimeout)
    {
        foreach (var regex in patterns)
        {
            try
            {
                if (regex.IsMatch(url))
                {
                    return true;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                if (onTimeout)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static Regex[] Compile(IEnumerable<string>? patterns, string paramName)
    {
        if (patterns is null)
        {
            return [];
        }

        var result = new List<Regex>();
        foreach (var pattern in patterns)
        {
            try
            {
                result.Add(new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant, MatchTimeout));
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"Invalid {paramName} pattern '{pattern}': {ex.Message}", paramName, ex);
            }
        }

        return [.. result];
    }
}
