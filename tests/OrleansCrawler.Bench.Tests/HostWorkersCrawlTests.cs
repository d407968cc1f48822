using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Bench.Crawling;
using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Frontier;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Urls;
using OrleansCrawler.Infrastructure.Storage;
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

    [Fact]
    public async Task RunAsync_WithFrontier_PersistsEveryUrlSettledAsTheCrawlerDoes()
    {
        using var dir = new TempDirectory();
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 200, Hosts = 4 });
        var seeds = web.Seeds.Select(UrlNormalizer.Normalize).ToList();
        long fetched, denied;
        await using (var session = new CrawlSession(seeds, dir.Path, "job", "OrleansCrawler-test", 16, frontier: true))
        {
            await session.PersistSeedsAsync();
            await HostWorkersCrawl.RunAsync(session, maxFetches: 3, perHost: 2);
            (fetched, denied) = (session.Fetched, session.RobotsDenied);
        }

        // Read back the way a partition rebuilds itself: every admitted URL once, each settled with its outcome.
        using var store = SqliteFrontierStore.Open(dir.Path);
        var rows = new List<FrontierRow>();
        for (var p = 0; p < JobSpec.DefaultPartitionCount; p++)
        {
            rows.AddRange(await store.LoadAsync("job", p).ToListAsync());
        }

        Assert.Equal(fetched + denied, rows.Count);
        Assert.All(rows, r => Assert.NotNull(r.Outcome));
        Assert.Equal(denied, rows.Count(r => r.Outcome == CrawlOutcome.RobotsDenied));
        Assert.Equal(rows.Count, rows.Select(r => r.Url).Distinct().Count());
    }
}
