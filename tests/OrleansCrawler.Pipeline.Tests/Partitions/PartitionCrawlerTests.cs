using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Frontier;
using OrleansCrawler.Core.Parsing;
using OrleansCrawler.Core.Robots;
using OrleansCrawler.Pipeline.Features;
using OrleansCrawler.Pipeline.Jobs;
using OrleansCrawler.Pipeline.Pages;
using OrleansCrawler.Pipeline.Partitions;
using OrleansCrawler.Pipeline.Ports;
using OrleansCrawler.Pipeline.Tests.Fakes;

namespace OrleansCrawler.Pipeline.Tests.Partitions;

/// <summary>A partition's crawl without a silo: its workers on a single-threaded context (as on a grain's scheduler),
/// a fake web, in-memory stores, and links routed back into the same partition.</summary>
public sealed class PartitionCrawlerTests
{
    private static readonly Dictionary<string, string> Site = new()
    {
        ["http://a.test/"] = "<title>Home</title><a href=/a>a</a> <a href=/private/x>p</a> <a href=/gone>g</a>",
        ["http://a.test/a"] = "<title>A</title><a href=/b>b</a> <a href=/>home</a>",
        ["http://a.test/b"] = "<title>B</title><a href=/a>a</a>",
    };

    private readonly FakeTimeProvider _time = new();
    private readonly MemoryFrontierStore _frontierStore = new();
    private readonly MemoryPageStore _pageStore = new();

    private PartitionCrawlerFactory Factory(FakeFetcher web, FrontierJournal journal) =>
        new(web, new FakeResolver(new Dictionary<string, string[]> { ["a.test"] = ["203.0.113.10"] }), journal, new PartitionDrain(_time, NullLogger<PartitionDrain>.Instance),
            new RobotsOptions(), _time, NullLoggerFactory.Instance);

    [Fact]
    public void Stages_RunInTheDocumentedOrder()
    {
        var crawler = Factory(FakeFetcher.Of(Site), new FrontierJournal(_frontierStore))
            .Create(Make.Job("http://a.test/"), 0, "silo", new FakeBudget(0), new RecordingPages());

        Assert.Equal(["host", "traps", "address", "robots", "budget", "politeness"], crawler.Stages.Select(s => s.Name));
    }

    [Fact]
    public void SmallSite_IsCrawledOncePerUrl_WithRobotsDenialAndNotFoundCounted()
    {
        var web = new FakeFetcher(url => url.AbsolutePath == "/robots.txt"
            ? FakeFetcher.Status(url, 200, "User-agent: *\nDisallow: /private/\n")
            : Site.TryGetValue(url.AbsoluteUri, out var html) ? FakeFetcher.Html(url, html) : FakeFetcher.Status(url, 404));
        PartitionCrawler crawler = null!;
        GrainLikeContext.Run(async context =>
        {
            await using var journal = new FrontierJournal(_frontierStore);
            var jobs = new JobRuntimeRegistry();
            var job = jobs.GetOrAdd("job", new JobSettings { Seeds = ["http://a.test/"] });
            var router = new LoopbackRouter(context, () => crawler);
            var pages = new PagePipeline(jobs, new HtmlPageParser(), [new ResultStoreFeature(_pageStore), new LinkRoutingFeature(router)]);
            crawler = Factory(web, journal).Create(job, 0, "silo", new FakeBudget(0), new InProcessPages(pages));
            router.Offer("http://a.test/", 0);
            await Idle(crawler, router);
        });

        var f = crawler.Frontier;
        Assert.Equal((5, 5, 4, 1, 0), (f.Accepted, f.Settled, f.Fetched, f.RobotsDenied, f.Failed));
        Assert.Equal(1, crawler.Errors["http-404"]);
        Assert.Equal(["http://a.test/", "http://a.test/a", "http://a.test/b", "http://a.test/gone"],
            _pageStore.Records.Select(r => r.Url).Order(StringComparer.Ordinal));
        Assert.Equal("B", _pageStore.Records.Single(r => r.Url == "http://a.test/b").Title);
        // Every URL requested once, robots.txt once; the denied URL never.
        Assert.Equal(web.Requests.Count, web.Requests.Distinct().Count());
        Assert.DoesNotContain(web.Requests, u => u.AbsolutePath.StartsWith("/private/", StringComparison.Ordinal));
        Assert.Equal(5, _frontierStore.Settles.Count);
    }

    [Fact]
    public void HandOffFailures_PutTheUrlBack_UntilItGoesThrough()
    {
        var pages = new RecordingPages { FailFirst = 2 };
        var crawler = CrawlOne(pages);

        Assert.Equal("http://a.test/", Assert.Single(pages.Pages).Url);
        Assert.Equal((1, 1, 2), (crawler.Frontier.Settled, crawler.Frontier.Fetched, crawler.Frontier.Retries));
        Assert.Single(_frontierStore.Settles);
    }

    [Fact]
    public void HandOffThatKeepsFailing_IsRecordedAsAnInternalFailure_AfterTheLastAttempt()
    {
        var pages = new RecordingPages { FailFirst = PartitionCrawler.MaxInternalAttempts };
        var crawler = CrawlOne(pages);

        Assert.Empty(pages.Pages);
        Assert.Equal((1, 1, PartitionCrawler.MaxInternalAttempts - 1), (crawler.Frontier.Settled, crawler.Frontier.Failed, crawler.Frontier.Retries));
        Assert.Equal(1, crawler.Errors["internal"]);
        Assert.Equal(CrawlOutcome.Failed, Assert.Single(_frontierStore.Settles).Outcome);
    }

    [Fact]
    public void PausedPartition_StartsNoWorker_AndAWorkerThatFindsItPausedStops()
    {
        GrainLikeContext.Run(async _ =>
        {
            await using var journal = new FrontierJournal(_frontierStore);
            var crawler = Factory(FakeFetcher.Of(Site), journal).Create(Make.Job("http://a.test/"), 0, "silo", new FakeBudget(0), new RecordingPages());
            crawler.Frontier.Offer("http://a.test/", 0, out var authority);
            Assert.True(crawler.TryStartWorker(authority));
            crawler.Control.Paused = true;
            Assert.False(crawler.TryStartWorker(authority));

            await crawler.WorkAsync(authority);

            Assert.Equal((1, 0, 0), (crawler.Frontier.Queued, crawler.Frontier.InFlight, crawler.Frontier.Settled));
            crawler.Control.Paused = false;
            Assert.True(crawler.TryStartWorker(authority)); // the paused worker gave its slot back
        });
    }

    /// <summary>Crawls the seed alone, advancing the fake clock while its worker waits for a retry.</summary>
    private PartitionCrawler CrawlOne(IPageHandler pages)
    {
        PartitionCrawler crawler = null!;
        GrainLikeContext.Run(async _ =>
        {
            await using var journal = new FrontierJournal(_frontierStore);
            crawler = Factory(FakeFetcher.Of(Site), journal).Create(Make.Job("http://a.test/"), 0, "silo", new FakeBudget(0), pages);
            crawler.Frontier.Offer("http://a.test/", 0, out var authority);
            Assert.True(crawler.TryStartWorker(authority));
            var worker = crawler.WorkAsync(authority);
            for (var i = 0; i < 100 && !worker.IsCompleted; i++)
            {
                await Task.Delay(10);
                _time.Advance(TimeSpan.FromSeconds(5)); // internal retries wait 1 s doubling to 30 s
            }

            Assert.True(worker.IsCompleted, "the worker did not finish");
            await worker;
        });
        return crawler;
    }

    private static async Task Idle(PartitionCrawler crawler, LoopbackRouter router)
    {
        for (var i = 0; i < 1000 && !(crawler.Frontier.IsIdle && router.Pending == 0 && crawler.Frontier.Accepted > 0); i++)
        {
            await Task.Delay(5);
        }

        Assert.True(crawler.Frontier.IsIdle, "the partition did not become idle");
    }

    /// <summary>Hands pages to a page pipeline in this process, as the parser grain does on the partition's silo.</summary>
    private sealed class InProcessPages(PagePipeline pipeline) : IPageHandler
    {
        public Task HandleAsync(FetchedPage page) => pipeline.ProcessAsync(page, "silo");
    }

    /// <summary>Routes links back into the partition on its context, as a partition's Enqueue does, and starts workers.</summary>
    private sealed class LoopbackRouter(GrainLikeContext context, Func<PartitionCrawler> crawler) : ILinkRouter
    {
        private int _pending;

        public int Pending => Volatile.Read(ref _pending);

        public Task RouteAsync(JobRuntime job, int partition, IReadOnlyList<RoutedLink> links)
        {
            Interlocked.Increment(ref _pending);
            return context.InvokeAsync(() =>
            {
                foreach (var link in links)
                {
                    Offer(link.Url, link.Depth);
                }

                Interlocked.Decrement(ref _pending);
            });
        }

        public void Offer(string url, int depth)
        {
            var partition = crawler();
            if (partition.Frontier.Offer(url, depth, out var authority))
            {
                while (partition.TryStartWorker(authority))
                {
                    _ = partition.WorkAsync(authority);
                }
            }
        }
    }
}
