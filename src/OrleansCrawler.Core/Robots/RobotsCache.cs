using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Core.Robots;

/// <summary>robots.txt per authority (scheme, host, port), fetched on first use through the fetcher, interpreted
/// by <see cref="RobotsPolicy"/> and cached: 2xx and 4xx answers for <see cref="RobotsOptions.CacheExpiry"/>;
/// 5xx/unreachable answers disallow everything until a retry after <see cref="RobotsOptions.FirstRetryDelay"/>,
/// doubling per consecutive failure up to <see cref="RobotsOptions.MaxRetryDelay"/>. Concurrent lookups of one
/// authority share one fetch. Thread-safe.</summary>
public sealed class RobotsCache
{
    private readonly IPageFetcher _fetcher;
    private readonly string _userAgent;
    private readonly RobotsOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();

    public RobotsCache(IPageFetcher fetcher, string userAgent, RobotsOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(fetcher);
        ArgumentNullException.ThrowIfNull(userAgent);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _fetcher = fetcher;
        _userAgent = userAgent;
        _options = options;
        _time = time;
    }

    /// <summary>The entry for the URL's authority: the cached one while it has not expired, else a fresh fetch.</summary>
    public Task<RobotsEntry> GetAsync(Uri url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        var key = url.GetLeftPart(UriPartial.Authority);
        lock (_lock)
        {
            if (!_slots.TryGetValue(key, out var slot))
            {
                slot = new Slot();
                _slots.Add(key, slot);
            }

            if (slot.Pending is { } pending)
            {
                return pending;
            }

            if (slot.Current is { } current && current.ExpiresAt > _time.GetUtcNow())
            {
                return Task.FromResult(current);
            }

            var fetch = FetchAsync(key, slot, RobotsPolicy.RobotsUrlOf(url), cancellationToken);
            if (!fetch.IsCompleted)
            {
                slot.Pending = fetch;
            }

            return fetch;
        }
    }

    /// <summary>The cached entry of the URL's authority, even if expired; null before the first fetch completes.</summary>
    public RobotsEntry? Peek(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        lock (_lock)
        {
            return _slots.TryGetValue(url.GetLeftPart(UriPartial.Authority), out var slot) ? slot.Current : null;
        }
    }

    /// <summary>The Crawl-delay in force for the URL's authority (capped by <see cref="RobotsOptions.MaxCrawlDelay"/>),
    /// null when robots.txt gives none or has not been fetched yet.</summary>
    public TimeSpan? CrawlDelayOf(Uri url) => Peek(url)?.CrawlDelay;

    private async Task<RobotsEntry> FetchAsync(string key, Slot slot, Uri robotsUrl, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _fetcher.FetchAsync(robotsUrl, cancellationToken).ConfigureAwait(false);
            var (rules, outcome) = RobotsPolicy.Interpret(result, _userAgent);
            var now = _time.GetUtcNow();
            lock (_lock)
            {
                slot.Failures = outcome == RobotsOutcome.Unreachable ? slot.Failures + 1 : 0;
                var entry = new RobotsEntry(rules, outcome, result.Status, now, now + Lifetime(slot.Failures), Cap(rules.CrawlDelay));
                slot.Current = entry;
                slot.Pending = null;
                return entry;
            }
        }
        catch
        {
            lock (_lock)
            {
                slot.Pending = null; // the next lookup tries again
            }

            throw;
        }
    }

    private TimeSpan Lifetime(int failures)
    {
        if (failures == 0)
        {
            return _options.CacheExpiry;
        }

        var delay = _options.FirstRetryDelay;
        for (var i = 1; i < failures && delay < _options.MaxRetryDelay; i++)
        {
            delay += delay;
        }

        return delay < _options.MaxRetryDelay ? delay : _options.MaxRetryDelay;
    }

    private TimeSpan? Cap(TimeSpan? delay) => delay is { } d && d > _options.MaxCrawlDelay ? _options.MaxCrawlDelay : delay;

    private sealed class Slot
    {
        public Task<RobotsEntry>? Pending { get; set; }

        public RobotsEntry? Current { get; set; }

        public int Failures { get; set; }
    }
}
