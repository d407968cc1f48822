using OrleansCrawler.Bench.Crawling;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Urls;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Bench.Tests;

/// <summary>The no-Orleans baseline's scheduling: the truth set, and never more than the per-host limit in flight.</summary>
public class HostWorkersCrawlTests
{
    [Fact]
    public async Task RunAsync_SmallWeb_FetchesTheTruthSetWithinThePerHostLimit()
    {
        using var dir = new TempDirectory();
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 200, Hosts = 4 });
        var seeds = web.Seeds.Select(UrlNormalizer.Normalize).ToList();
        await using var session = new CrawlSession(seeds, dir.Path, "job", "OrleansCrawler-test", 16);

        await HostWorkersCrawl.RunAsync(session, maxFetches: 3, perHost: 2);

        var check = CrawlCheck.Of(web.ComputeTruth(), await session.Store.ReadAsync("job").ToListAsync());
        Assert.True(check.IsExact, check.ToString());
        var log = web.RequestLog.Snapshot();
        Assert.Equal(session.Fetched + seeds.Count, log.Count); // every page once, plus one robots.txt per host
        Assert.All(log, e => Assert.InRange(e.ConcurrentForHost, 1, 2));
    }
}
