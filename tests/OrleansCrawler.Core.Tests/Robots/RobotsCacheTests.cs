using Microsoft.Extensions.Time.Testing;
using OrleansCrawler.Core.Robots;

namespace OrleansCrawler.Core.Tests.Robots;

public class RobotsCacheTests
{
    private static readonly Uri Page = new("http://example.com:8080/a/b.html?x=1");
    private static readonly RobotsOptions Options = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private RobotsCache Cache(FakeFetcher fetcher, RobotsOptions? options = null) => new(fetcher, "bot/1.0", options ?? Options, _time);

    [Fact]
    public async Task GetAsync_2xx_ParsesAndFetchesTheAuthoritysRobotsTxt()
    {
        var fetcher = new FakeFetcher(u => FakeFetcher.Status(u, 200, "User-agent: *\nDisallow: /a/\nCrawl-delay: 2\nSitemap: http://example.com/s.xml\n"));

        var entry = await Cache(fetcher).GetAsync(Page);

        Assert.Equal(new Uri("http://example.com:8080/robots.txt"), Assert.Single(fetcher.Requests));
        Assert.Equal(RobotsOutcome.Parsed, entry.Outcome);
        Assert.False(entry.IsAllowed("/a/b.html"));
        Assert.True(entry.IsAllowed("/c"));
        Assert.Equal(TimeSpan.FromSeconds(2), entry.CrawlDelay);
        Assert.Equal(["http://example.com/s.xml"], entry.Sitemaps);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromHours(24), entry.ExpiresAt);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(410)]
    [InlineData(429)]
    [InlineData(301)]
    public async Task GetAsync_4xxOrUnfollowedRedirect_AllowsAll(int status)
    {
        var entry = await Cache(new FakeFetcher(u => FakeFetcher.Status(u, status))).GetAsync(Page);

        Assert.Equal(RobotsOutcome.Unavailable, entry.Outcome);
        Assert.True(entry.IsAllowed("/a/b.html"));
        Assert.Equal(_time.GetUtcNow() + Options.CacheExpiry, entry.ExpiresAt);
    }

    [Fact]
    public async Task GetAsync_TooManyRedirects_AllowsAll()
    {
        var entry = await Cache(new FakeFetcher(u => FakeFetcher.Status(u, 0, error: "redirects: limit 5 reached"))).GetAsync(Page);

        Assert.Equal(RobotsOutcome.Unavailable, entry.Outcome);
        Assert.True(entry.IsAllowed("/"));
    }

    [Theory]
    [InlineData(500, null)]
    [InlineData(503, null)]
    [InlineData(0, "connect: refused")]
    [InlineData(0, "timeout: no complete response within 30 s")]
    public async Task GetAsync_5xxOrUnreachable_DisallowsAll(int status, string? error)
    {
        var entry = await Cache(new FakeFetcher(u => FakeFetcher.Status(u, status, error: error))).GetAsync(Page);

        Assert.Equal(RobotsOutcome.Unreachable, entry.Outcome);
        Assert.False(entry.IsAllowed("/"));
        Assert.False(entry.IsAllowed("/a/b.html"));
        Assert.Equal(_time.GetUtcNow() + Options.FirstRetryDelay, entry.ExpiresAt);
    }

    [Fact]
    public async Task GetAsync_2xxWithoutTextBody_AllowsAll()
    {
        var entry = await Cache(new FakeFetcher(u => FakeFetcher.Status(u, 200))).GetAsync(Page);

        Assert.Equal(RobotsOutcome.Parsed, entry.Outcome);
        Assert.True(entry.IsAllowed("/a"));
    }

    [Fact]
    public async Task GetAsync_WithinExpiry_UsesTheCacheAndRefetchesAfter()
    {
        var fetcher = new FakeFetcher(u => FakeFetcher.Status(u, 200, "User-agent: *\nDisallow: /a/\n"));
        var cache = Cache(fetcher);

        await cache.GetAsync(Page);
        await cache.GetAsync(new Uri("http://example.com:8080/other"));
        _time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        await cache.GetAsync(Page);
        Assert.Single(fetcher.Requests);

        _time.Advance(TimeSpan.FromSeconds(1));
        await cache.GetAsync(Page);
        Assert.Equal(2, fetcher.Requests.Count);
    }

    [Fact]
    public async Task GetAsync_AuthoritiesDifferingInSchemeOrPort_AreSeparate()
    {
        var fetcher = new FakeFetcher(u => FakeFetcher.Status(u, 404));
        var cache = Cache(fetcher);

        await cache.GetAsync(new Uri("http://example.com/"));
        await cache.GetAsync(new Uri("https://example.com/"));
        await cache.GetAsync(new Uri("http://example.com:81/"));
        await cache.GetAsync(new Uri("http://EXAMPLE.com/x"));

        Assert.Equal(3, fetcher.Requests.Count);
    }

    [Fact]
    public async Task GetAsync_RepeatedFailures_RetryDelayDoublesUpToTheMaximumAndResetsOnSuccess()
    {
        var status = 500;
        var fetcher = new FakeFetcher(u => FakeFetcher.Status(u, status, status == 200 ? "User-agent: *\nDisallow: /x\n" : null));
        var options = new RobotsOptions { FirstRetryDelay = TimeSpan.FromMinutes(1), MaxRetryDelay = TimeSpan.FromMinutes(5) };
        var cache = Cache(fetcher, options);
        var lifetimes = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var entry = await cache.GetAsync(Page);
            lifetimes.Add(entry.ExpiresAt - entry.FetchedAt);
            Assert.False(entry.IsAllowed("/anything"));
            _time.Advance(entry.ExpiresAt - _time.GetUtcNow());
        }

        Assert.Equal([1, 2, 4, 5, 5], lifetimes.Select(t => t.TotalMinutes));
        Assert.Equal(5, fetcher.Requests.Count);

        status = 200;
        var recovered = await cache.GetAsync(Page);
        Assert.True(recovered.IsAllowed("/anything"));
        Assert.False(recovered.IsAllowed("/x"));
        _time.Advance(options.CacheExpiry);
        status = 503;
        var failedAgain = await cache.GetAsync(Page);
        Assert.Equal(options.FirstRetryDelay, failedAgain.ExpiresAt - failedAgain.FetchedAt);
    }

    [Fact]
    public async Task GetAsync_ConcurrentLookups_ShareOneFetch()
    {
        var fetcher = new FakeFetcher(u => FakeFetcher.Status(u, 404)) { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var cache = Cache(fetcher);

        var lookups = Enumerable.Range(0, 10).Select(_ => cache.GetAsync(Page)).ToList();
        fetcher.Gate.SetResult();
        var entries = await Task.WhenAll(lookups);

        Assert.Single(fetcher.Requests);
        Assert.All(entries, e => Assert.Same(entries[0], e));
    }

    [Fact]
    public async Task GetAsync_FetcherThrows_NextLookupTriesAgain()
    {
        var calls = 0;
        var fetcher = new FakeFetcher(u => ++calls == 1 ? throw new OperationCanceledException() : FakeFetcher.Status(u, 404));
        var cache = Cache(fetcher);

        await Assert.ThrowsAsync<OperationCanceledException>(() => cache.GetAsync(Page));
        var entry = await cache.GetAsync(Page);

        Assert.Equal(RobotsOutcome.Unavailable, entry.Outcome);
        Assert.Equal(2, fetcher.Requests.Count);
    }

    [Theory]
    [InlineData("5", 5)]
    [InlineData("30", 30)]
    [InlineData("3600", 30)]
    public async Task CrawlDelay_IsCappedByMaxCrawlDelay(string delay, double expectedSeconds)
    {
        var cache = Cache(new FakeFetcher(u => FakeFetcher.Status(u, 200, $"User-agent: *\nCrawl-delay: {delay}\n")));
        Assert.Null(cache.CrawlDelayOf(Page));

        var entry = await cache.GetAsync(Page);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), entry.CrawlDelay);
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), cache.CrawlDelayOf(new Uri("http://example.com:8080/zzz")));
        Assert.Null(cache.CrawlDelayOf(new Uri("http://example.com/zzz")));
    }
}
