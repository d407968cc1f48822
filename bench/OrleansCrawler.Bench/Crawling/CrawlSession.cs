using System.Collections.Concurrent;
using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Frontier;
using OrleansCrawler.Core.Parsing;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;
using OrleansCrawler.Core.Robots;
using OrleansCrawler.Core.Safety;
using OrleansCrawler.Core.Scope;
using OrleansCrawler.Core.Urls;
using OrleansCrawler.Infrastructure.Http;
using OrleansCrawler.Infrastructure.Storage;

namespace OrleansCrawler.Bench.Crawling;

/// <summary>The work of one crawl, shared by every hand-written mode so that they differ only in how they schedule
/// it: the crawler's own fetcher, parser, robots.txt rules, scope, seen-set and SQLite store. Thread-safe.</summary>
/// <remarks>Per URL it does what the Orleans crawler's partition and parser grains do: robots.txt of the host
/// (fetched once, 2xx parsed, 4xx allow all, else disallow all) → fetch → parse when it is a 200 HTML page → store
/// the result (awaited, so a page counts only once it is durable) → admit the in-scope links never seen before.
/// Awaits keep the caller's context on purpose: in the single-thread mode parsing must run on that one thread.</remarks>
public sealed class CrawlSession : IAsyncDisposable
{
    private readonly HttpPageFetcher _fetcher;
    private readonly HtmlPageParser _parser = new();
    private readonly CrawlScope _scope;
    private readonly SeenSet _seen = new(4096);
    private readonly Lock _seenLock = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<RobotsRules>>> _robots = new(StringComparer.Ordinal);
    private readonly string _userAgent;
    private readonly AddressPolicy? _addresses;
    private readonly HostPartitioner _partitioner = new(OrleansCrawler.Abstractions.Jobs.JobSpec.DefaultPartitionCount);
    private readonly SqliteFrontierStore? _frontierStore;
    private readonly FrontierJournal? _frontier;
    private long _fetched;
    private long _robotsDenied;
    private long _bytes;

    /// <param name="seeds">Normalized seed URLs; their hosts are the scope.</param>
    /// <param name="connectionsPerHost">Connections the fetcher keeps per host (the mode's concurrency, so the
    /// pool never caps it).</param>
    /// <param name="addresses">When given, every page fetch is checked against it, as the crawler's partitions check
    /// theirs (<c>JobRuntime.Addresses</c>); null fetches without the check.</param>
    /// <param name="frontier">Also persist the frontier as the crawler does (<see cref="FrontierJournal"/> over the
    /// silo's <see cref="SqliteFrontierStore"/>, in <paramref name="dataDirectory"/>): every admitted URL appended, every
    /// crawled URL settled after its links, the same rows in the same order of writes as a job's partitions. The
    /// throughput harness's baseline does; the concurrency lab does not.</param>
    public CrawlSession(IReadOnlyList<string> seeds, string dataDirectory, string jobId, string userAgent, int connectionsPerHost,
        AddressPolicy? addresses = null, bool frontier = false)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        JobId = jobId;
        _userAgent = userAgent;
        _addresses = addresses;
        _scope = new CrawlScope(ScopeMode.Host, seeds);
        _fetcher = new HttpPageFetcher(new FetcherOptions { UserAgent = userAgent, MaxConnectionsPerServer = Math.Clamp(connectionsPerHost, 1, 1024) }, TimeProvider.System);
        Store = SqlitePageStore.Open(dataDirectory);
        if (frontier)
        {
            _frontierStore = SqliteFrontierStore.Open(dataDirectory);
            _frontier = new FrontierJournal(_frontierStore);
        }

        var admitted = new List<CrawlItem>(seeds.Count);
        foreach (var seed in seeds)
        {
            if (TryAdmit(seed))
            {
                admitted.Add(new CrawlItem(seed, 0));
            }
        }

        Seeds = admitted;
    }

    public string JobId { get; }

    public SqlitePageStore Store { get; }

    /// <summary>The seeds, admitted (in the seen-set) and ready to crawl.</summary>
    public IReadOnlyList<CrawlItem> Seeds { get; }

    /// <summary>URLs fetched (a response or a failure, stored).</summary>
    public long Fetched => Interlocked.Read(ref _fetched);

    public long RobotsDenied => Interlocked.Read(ref _robotsDenied);

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>True when the URL is in scope and was never admitted before.</summary>
    public bool TryAdmit(string normalizedUrl)
    {
        if (!_scope.IsInScope(normalizedUrl))
        {
            return false;
        }

        var fingerprint = UrlFingerprint.Of(normalizedUrl);
        lock (_seenLock)
        {
            return _seen.Add(fingerprint);
        }
    }

    /// <summary>robots.txt, then the page; null when robots.txt disallows it.</summary>
    /// <param name="fetchSlots">When given, a slot is held around the page fetch only (not robots.txt, parsing or
    /// storing), as the crawler's silo-wide fetch slots are.</param>
    public async Task<FetchResult?> FetchAsync(CrawlItem item, CancellationToken cancellationToken = default, SemaphoreSlim? fetchSlots = null)
    {
        var url = new Uri(item.Url);
        var rules = await GetRobotsAsync(url);
        if (!rules.IsAllowed(url.PathAndQuery))
        {
            Interlocked.Increment(ref _robotsDenied);
            await SettleAsync(item, CrawlOutcome.RobotsDenied, 0, null);
            return null;
        }

        FetchResult result;
        if (fetchSlots is not null)
        {
            await fetchSlots.WaitAsync(cancellationToken);
        }

        try
        {
            result = _addresses is null
                ? await _fetcher.FetchAsync(url, cancellationToken)
                : await _fetcher.FetchAsync(url, _addresses, cancellationToken);
        }
        finally
        {
            fetchSlots?.Release();
        }

        Interlocked.Increment(ref _fetched);
        Interlocked.Add(ref _bytes, result.Bytes);
        return result;
    }

    /// <summary>Parses (200 HTML only), stores the result and returns the newly admitted links.</summary>
    public async Task<IReadOnlyList<CrawlItem>> ProcessAsync(CrawlItem item, FetchResult result, CancellationToken cancellationToken = default)
    {
        string? title = null;
        IReadOnlyList<string> links = [];
        if (result.IsHtml && result.Status == 200)
        {
            var parsed = _parser.Parse(result.Body!, result.FinalUrl);
            title = parsed.Title;
            links = parsed.Links;
        }

        var record = new PageRecord(JobId, item.Url, result.FinalUrl.AbsoluteUri, result.Status, item.Depth, title, links.Count,
            result.ContentType, result.Bytes, result.FetchedAt, result.Error);
        var saved = Store.SaveAsync(record, cancellationToken);
        List<CrawlItem>? admitted = null;
        foreach (var link in links)
        {
            if (TryAdmit(link))
            {
                (admitted ??= []).Add(new CrawlItem(link, item.Depth + 1));
            }
        }

        // As a partition does: the page's new links durable (with its result), then the page settled.
        await Task.WhenAll(saved, AppendAsync(admitted));
        await SettleAsync(item, result.Error is null ? CrawlOutcome.Fetched : CrawlOutcome.Failed, result.Bytes, ErrorKind.Of(result.Status, result.Error));
        return admitted ?? (IReadOnlyList<CrawlItem>)[];
    }

    /// <summary>The whole work of one URL; the newly admitted links.</summary>
    public async Task<IReadOnlyList<CrawlItem>> CrawlAsync(CrawlItem item, CancellationToken cancellationToken = default)
    {
        var result = await FetchAsync(item, cancellationToken);
        return result is null ? [] : await ProcessAsync(item, result, cancellationToken);
    }

    /// <summary>The blocking form, for the thread modes: the calling thread waits for each step.</summary>
    public IReadOnlyList<CrawlItem> Crawl(CrawlItem item) => CrawlAsync(item).GetAwaiter().GetResult();

    /// <summary>Appends the seeds to the frontier (when it is persisted), as a job's partitions do when it starts.</summary>
    public Task PersistSeedsAsync() => AppendAsync(Seeds);

    private Task AppendAsync(IReadOnlyList<CrawlItem>? items) => _frontier is null || items is null || items.Count == 0
        ? Task.CompletedTask
        : _frontier.AppendAsync([.. items.Select(i => FrontierAppend.Of(JobId, _partitioner.PartitionOf(i.Url), i.Url, i.Depth))]);

    private Task SettleAsync(CrawlItem item, CrawlOutcome outcome, long bytes, string? errorKind) => _frontier is null
        ? Task.CompletedTask
        : _frontier.SettleAsync(FrontierSettle.Of(JobId, _partitioner.PartitionOf(item.Url), item.Url, outcome, bytes, errorKind));

    private Task<RobotsRules> GetRobotsAsync(Uri url)
    {
        var authority = url.GetLeftPart(UriPartial.Authority);
        return _robots.GetOrAdd(authority, a => new Lazy<Task<RobotsRules>>(() => FetchRobotsAsync(new Uri(a + "/robots.txt")))).Value;
    }

    private async Task<RobotsRules> FetchRobotsAsync(Uri robotsUrl)
    {
        var result = await _fetcher.FetchAsync(robotsUrl).ConfigureAwait(false);
        return result.Status switch
        {
            >= 200 and < 300 => RobotsRules.Parse(result.Body ?? "", _userAgent),
            >= 400 and < 500 => RobotsRules.AllowAll,
            _ => RobotsRules.DisallowAll,
        };
    }

    public async ValueTask DisposeAsync()
    {
        _fetcher.Dispose();
        if (_frontier is not null)
        {
            await _frontier.DisposeAsync();
        }

        _frontierStore?.Dispose();
        await Store.DisposeAsync();
    }
}
