using OrleansCrawler.Core.Ports;
using System.Collections.Immutable;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Urls;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Grains.Tests;

/// <summary>Politeness through the real grain pipeline, judged from the test web's request log: gaps between the
/// requests to one host never below the delay, per-host override, Retry-After (seconds and HTTP-date) or backoff in
/// force; per-host concurrency never above the cap. Lower bounds only: never an upper bound on wall-clock time.</summary>
[Collection(TimingCollection.Name)]
public class PolitenessPipelineTests(FaultCrawlerFixture fixture) : IClassFixture<FaultCrawlerFixture>
{
    /// <summary>The crawler clocks a request when it was written to its connection (RequestSent); the log, when the
    /// server has parsed it. The server can take a little longer over one request than over the next (its own
    /// scheduling), so gaps are compared with the delay minus this.</summary>
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(30);

    /// <summary>Images, PDFs and the /missing/ links are left out, so a paced crawl of a small web stays short.</summary>
    private static JobSpec Spec(TestWeb web, int perHost = 2) =>
        new JobSpec([.. web.Seeds.Select(UrlNormalizer.Normalize)], 0, -1, ScopeKind.Host, [], [@"/(img|docs|missing)/"], Concurrency: 64, PerHostConcurrency: perHost,
            PartitionCount: 8, UserAgent: JobSpec.DefaultUserAgent) with
        {
            RetryBaseDelay = TimeSpan.FromMilliseconds(200),
            MaxRetryDelay = TimeSpan.FromSeconds(2),
        };

    private async Task<JobStatus> CrawlAsync(string jobId, JobSpec spec)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await fixture.Crawler.StartJobAsync(jobId, spec);
        return await fixture.Crawler.WaitAsync(jobId, interval: TimeSpan.FromMilliseconds(100), cancellationToken: timeout.Token);
    }

    /// <summary>Page requests (robots.txt aside: it is fetched once, before the host's first page) of one host, by arrival.</summary>
    private static List<RequestLogEntry> PageRequests(TestWeb web, string authority) =>
        [.. web.RequestLog.Snapshot().Where(e => e.Authority == authority && e.PathAndQuery != "/robots.txt").OrderBy(e => e.Time)];

    private static void AssertGapsAtLeast(IReadOnlyList<RequestLogEntry> requests, TimeSpan delay)
    {
        Assert.True(requests.Count > 5, $"only {requests.Count} requests");
        for (var i = 1; i < requests.Count; i++)
        {
            var gap = requests[i].Time - requests[i - 1].Time;
            Assert.True(gap >= delay - Tolerance, $"{gap.TotalMilliseconds:0.#} ms between {requests[i - 1].PathAndQuery} and {requests[i].PathAndQuery}, delay {delay.TotalMilliseconds} ms");
        }
    }

    [Fact]
    public async Task Crawl_MinDelay_SpacesEveryHostsRequests()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 60, Hosts = 3, Seed = 31 });
        var delay = TimeSpan.FromMilliseconds(100);

        var status = await CrawlAsync("min-delay", Spec(web) with { MinDelay = delay });

        Assert.Equal(JobState.Completed, status.State);
        CrawlAssertions.FetchedHtmlEqualsTruth(web.ComputeTruth(), await fixture.Crawler.Store.ReadAsync("min-delay").ToListAsync());
        foreach (var authority in web.Authorities)
        {
            AssertGapsAtLeast(PageRequests(web, authority), delay);
        }

        Assert.True(web.RequestLog.Snapshot().Max(e => e.ConcurrentForHost) <= 2);
    }

    [Fact]
    public async Task Crawl_PerHostDelayOverride_AppliesToThatHostOnly()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 60, Hosts = 3, Seed = 32 });
        var slow = TimeSpan.FromMilliseconds(150);

        var status = await CrawlAsync("host-delay", Spec(web) with { HostDelays = ImmutableDictionary<string, TimeSpan>.Empty.Add(web.Authorities[0], slow) });

        Assert.Equal(JobState.Completed, status.State);
        AssertGapsAtLeast(PageRequests(web, web.Authorities[0]), slow);
        var others = PageRequests(web, web.Authorities[1]);
        Assert.Contains(others.Zip(others.Skip(1)), p => p.Second.Time - p.First.Time < slow);
    }

    [Theory]
    [InlineData(FaultMode.RetryAfterSeconds)]
    [InlineData(FaultMode.RetryAfterDate)]
    public async Task Crawl_RetryAfter_NoRequestToTheHostBeforeItExpires(FaultMode mode)
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions
        {
            Pages = 90,
            Hosts = 3,
            Seed = 33,
            Faults = new Dictionary<int, HostFault> { [1] = new HostFault(mode) { Count = 3, RetryAfterSeconds = 1 } },
        });

        var status = await CrawlAsync("retry-after-" + mode, Spec(web, perHost: 3));

        Assert.Equal(JobState.Completed, status.State);
        CrawlAssertions.FetchedHtmlEqualsTruth(web.ComputeTruth(), await fixture.Crawler.Store.ReadAsync("retry-after-" + mode).ToListAsync());
        var requests = PageRequests(web, web.Authorities[1]);
        var refusals = requests.Where(e => e.Status is 429 or 503).ToList();
        Assert.Equal(3, refusals.Count);
        foreach (var refusal in refusals)
        {
            // Requests that reach the server before the refusal reached the crawler were started before it knew;
            // every later one must wait out the Retry-After (1 s from the refusal, at least).
            var late = requests.Where(e => e.Time > refusal.End + Tolerance && e.Time < refusal.Time + TimeSpan.FromSeconds(1) - Tolerance).ToList();
            Assert.True(late.Count == 0, $"{late.Count} requests within the Retry-After of a {refusal.Status}, e.g. {(late.FirstOrDefault().Time - refusal.Time).TotalMilliseconds:0} ms after it");
        }

        Assert.True(web.RequestLog.Snapshot().Max(e => e.ConcurrentForHost) <= 3);
    }

    [Fact]
    public async Task Crawl_ServerErrors_BackOffExponentially()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions
        {
            Pages = 60,
            Hosts = 2,
            Seed = 34,
            Faults = new Dictionary<int, HostFault> { [1] = new HostFault(FaultMode.ServerErrorBurst) { Count = 3 } },
        });

        // One request at a time, so each request after a failure was started after the crawler saw that failure.
        var status = await CrawlAsync("backoff", Spec(web, perHost: 1));

        Assert.Equal(JobState.Completed, status.State);
        CrawlAssertions.FetchedHtmlEqualsTruth(web.ComputeTruth(), await fixture.Crawler.Store.ReadAsync("backoff").ToListAsync());
        var requests = PageRequests(web, web.Authorities[1]);
        for (var n = 1; n <= 3; n++)
        {
            // The n-th failure in a row: BaseDelay * 2^(n-1), jittered down to half of that at most.
            var least = TimeSpan.FromMilliseconds(200 * Math.Pow(2, n - 1) / 2);
            Assert.Equal(503, requests[n - 1].Status);
            Assert.True(requests[n].Time - requests[n - 1].Time >= least - Tolerance,
                $"{(requests[n].Time - requests[n - 1].Time).TotalMilliseconds:0} ms after failure {n}, backoff at least {least.TotalMilliseconds} ms");
        }
    }
}
