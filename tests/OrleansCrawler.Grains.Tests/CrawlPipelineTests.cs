using OrleansCrawler.Core.Ports;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Urls;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Grains.Tests;

/// <summary>Whole crawls through the real grain pipeline: job, partition and parser grains in an embedded silo,
/// real HTTP against the synthetic web, real SQLite.</summary>
public class CrawlPipelineTests(CrawlerFixture fixture) : IClassFixture<CrawlerFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    private static JobSpec Spec(TestWeb web, int maxPages = 0, int maxDepth = -1, int perHost = 2, ScopeKind scope = ScopeKind.Host,
        string[]? include = null, string[]? exclude = null, IEnumerable<string>? seeds = null) =>
        new([.. (seeds ?? web.Seeds).Select(UrlNormalizer.Normalize)], maxPages, maxDepth, scope, [.. include ?? []], [.. exclude ?? []],
            Concurrency: 64, PerHostConcurrency: perHost, PartitionCount: 16, UserAgent: JobSpec.DefaultUserAgent);

    private async Task<JobStatus> CrawlAsync(string jobId, JobSpec spec)
    {
        using var timeout = new CancellationTokenSource(Limit);
        await fixture.Crawler.StartJobAsync(jobId, spec);
        return await fixture.Crawler.WaitAsync(jobId, cancellationToken: timeout.Token);
    }

    [Fact]
    public async Task Crawl_5000PagesOn20Hosts_FetchesExactlyTheTruthSetOnceAndPolitely()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 5000, Hosts = 20 });

        var status = await CrawlAsync("big", Spec(web) with { PartitionCount = 64 });

        Assert.Equal(JobState.Completed, status.State);
        var records = await fixture.Crawler.Store.ReadAsync("big").ToListAsync();
        CrawlAssertions.FetchedHtmlEqualsTruth(web.ComputeTruth(), records);
        CrawlAssertions.PoliteRequestLog(web.RequestLog.Snapshot(), perHostLimit: 2);
        var c = status.Counters;
        Assert.Equal(c.Accepted, c.Settled);
        Assert.Equal(records.Count, c.Fetched + c.Failed);
        Assert.True(c.RobotsDenied > 0, "the test web links into its robots-disallowed part");
        Assert.Equal(0, c.Failed);
        Assert.Equal(20, web.RequestLog.Snapshot().Count(e => e.PathAndQuery == "/robots.txt"));
    }

    [Fact]
    public async Task Crawl_MaxPages_FetchesExactlyThatMany()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 400, Hosts = 4, Seed = 7 });

        var status = await CrawlAsync("max-pages", Spec(web, maxPages: 50));

        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal(50, status.Counters.Fetched + status.Counters.Failed);
        Assert.Equal(50, await fixture.Crawler.Store.CountAsync("max-pages"));
        Assert.True(status.Counters.Skipped > 0);
        Assert.Equal(status.Counters.Accepted, status.Counters.Settled);
        var pageRequests = web.RequestLog.Snapshot().Count(e => e.PathAndQuery != "/robots.txt");
        Assert.Equal(50, pageRequests);
    }

    [Fact]
    public async Task Crawl_MaxDepthOne_FetchesSeedsAndTheirLinksOnly()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 400, Hosts = 4, Seed = 3 });

        var status = await CrawlAsync("depth", Spec(web, maxDepth: 1));

        Assert.Equal(JobState.Completed, status.State);
        var records = await fixture.Crawler.Store.ReadAsync("depth").ToListAsync();
        Assert.All(records, r => Assert.InRange(r.Depth, 0, 1));
        Assert.Equal(web.Seeds.Count, records.Count(r => r.Depth == 0));
        var seedOutlinks = records.Where(r => r.Depth == 0).Sum(r => r.Outlinks);
        Assert.True(records.Count(r => r.Depth == 1) > 0 && seedOutlinks > 0);
        Assert.True(records.Count(CrawlAssertions.IsHtmlPage) < web.ComputeTruth().Count);
    }

    [Fact]
    public async Task Crawl_OneSeedHostScope_StaysOnThatHost()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 300, Hosts = 3, Seed = 5 });

        var status = await CrawlAsync("scope", Spec(web, seeds: [web.Seeds[0]]));

        Assert.Equal(JobState.Completed, status.State);
        var records = await fixture.Crawler.Store.ReadAsync("scope").ToListAsync();
        Assert.NotEmpty(records);
        Assert.All(records, r => Assert.Equal(web.Authorities[0], new Uri(r.Url).Authority));
        Assert.All(web.RequestLog.Snapshot(), e => Assert.Equal(web.Authorities[0], e.Authority));
    }

    [Fact]
    public async Task Crawl_ExcludeRegex_NeverFetchesMatchingUrls()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 300, Hosts = 3, Seed = 9 });

        var status = await CrawlAsync("exclude", Spec(web, exclude: [@"/s[1-4]/"]));

        Assert.Equal(JobState.Completed, status.State);
        var records = await fixture.Crawler.Store.ReadAsync("exclude").ToListAsync();
        Assert.NotEmpty(records);
        Assert.DoesNotContain(records, r => System.Text.RegularExpressions.Regex.IsMatch(r.Url, "/s[1-4]/"));
    }

    [Fact]
    public async Task Cancel_StopsTheJobAndSettlesEverything()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 2000, Hosts = 4, Seed = 11, Latency = TimeSpan.FromMilliseconds(20) });
        await fixture.Crawler.StartJobAsync("cancel", Spec(web));
        var job = fixture.Crawler.Grains.GetGrain<ICrawlJobGrain>("cancel");
        await Task.Delay(500);

        var cancelled = await job.CancelAsync();

        Assert.Equal(JobState.Cancelled, cancelled.State);
        using var timeout = new CancellationTokenSource(Limit);
        while (true)
        {
            // In-flight pages finish after the cancel; nothing new is requested after that.
            var before = web.RequestLog.Count;
            await Task.Delay(300, timeout.Token);
            if (web.RequestLog.Count == before)
            {
                break;
            }
        }

        Assert.True(web.RequestLog.Count < 2000);
    }
}
