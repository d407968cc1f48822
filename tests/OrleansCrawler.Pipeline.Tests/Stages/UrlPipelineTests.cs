using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Frontier;
using OrleansCrawler.Core.Politeness;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Robots;
using OrleansCrawler.Core.Safety;
using OrleansCrawler.Pipeline.Partitions;
using OrleansCrawler.Pipeline.Stages;
using OrleansCrawler.Pipeline.Tests.Fakes;

namespace OrleansCrawler.Pipeline.Tests.Stages;

/// <summary>One attempt at one URL through the stages, with a fake web, an in-memory frontier store and a page handler
/// that records what it is handed.</summary>
public sealed class UrlPipelineTests : IAsyncDisposable
{
    private const string Robots = "User-agent: *\nDisallow: /private/\n";
    private readonly FakeTimeProvider _time = new();
    private readonly MemoryFrontierStore _store = new();
    private readonly FrontierJournal _journal;
    private readonly PartitionFrontier _frontier = new(perHostConcurrency: 2, maxDepth: -1);
    private readonly RecordingPages _pages = new();
    private readonly SemaphoreSlim _slots = new(4);
    private readonly FakeFetcher _web;

    public UrlPipelineTests()
    {
        _journal = new FrontierJournal(_store, time: _time);
        _web = new FakeFetcher(url => url.AbsolutePath switch
        {
            "/robots.txt" => FakeFetcher.Status(url, 200, Robots),
            "/page" => FakeFetcher.Html(url, "<title>Page</title><a href=/next>next</a>"),
            "/busy" => FakeFetcher.Status(url, 503, retryAfter: "5"),
            _ => FakeFetcher.Status(url, 404),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _journal.DisposeAsync();
        _slots.Dispose();
    }

    private UrlPipeline Pipeline(params IUrlStage[] extra) => Pipeline(null, extra);

    private UrlPipeline Pipeline(SemaphoreSlim? pageSlots, params IUrlStage[] extra)
    {
        var control = new PartitionControl();
        IUrlStage[] stages =
        [
            new TrapStage(new TrapPolicy(TrapOptions.Default with { MaxUrlLength = 40 })),
            new RobotsStage(new RobotsCache(_web, "TestBot", new RobotsOptions(), _time)),
            new PolitenessStage(_slots, control, _time, default, pageSlots: pageSlots),
            .. extra,
        ];
        return new UrlPipeline(stages, new FetchStage(_web, AddressPolicy.AllowAll, 0, "silo", _time, default),
            new RetryStage(new RetryPolicy(RetryOptions.Default, 7), _time, NullLogger.Instance), _frontier, _pages, _journal, "job", 0, _time);
    }

    /// <summary>Offers the URL to the frontier and takes it, as a worker does.</summary>
    private UrlContext Take(string url)
    {
        Assert.True(_frontier.Offer(url, 1, out var authority));
        Assert.Equal(TakeKind.Ready, _frontier.Take(authority, _time.GetUtcNow(), out var entry, out _));
        return new UrlContext(entry, _frontier.Politeness(authority));
    }

    [Fact]
    public async Task FetchedPage_IsHandedOnWithItsHtml_AndItsSettleRowIsDurable()
    {
        var url = Take("http://a.test/page");

        var settlement = await Pipeline().RunAsync(url);

        Assert.Equal(new Settlement(CrawlOutcome.Fetched, 41, null, Durable: true), settlement);
        var page = Assert.Single(_pages.Pages);
        Assert.Equal(("http://a.test/page", 200, 1), (page.Url, page.Status, page.Depth));
        Assert.Contains("<a href=/next>", page.Html, StringComparison.Ordinal);
        var settle = Assert.Single(_store.Settles);
        Assert.Equal(CrawlOutcome.Fetched, settle.Outcome);
        Assert.Equal(4, _slots.CurrentCount);
    }

    [Fact]
    public async Task NotFound_IsAFetchedPageWithoutHtml_CountedAsHttp404()
    {
        var settlement = await Pipeline().RunAsync(Take("http://a.test/gone"));

        Assert.Equal(CrawlOutcome.Fetched, settlement.Outcome);
        Assert.Equal("http-404", settlement.ErrorKind);
        Assert.Null(Assert.Single(_pages.Pages).Html);
    }

    [Fact]
    public async Task TrapRefusal_IsStoredWithItsReason_WithoutAnyRequest()
    {
        var settlement = await Pipeline().RunAsync(Take("http://a.test/" + new string('x', 60)));

        Assert.Equal(CrawlOutcome.Refused, settlement.Outcome);
        Assert.Equal("trap/url-too-long", settlement.ErrorKind);
        Assert.True(settlement.Durable);
        var page = Assert.Single(_pages.Pages);
        Assert.StartsWith("trap: url-too-long", page.Error, StringComparison.Ordinal);
        Assert.Equal(0, page.Status);
        Assert.Empty(_web.Requests);
    }

    [Fact]
    public async Task RobotsDenial_IsSettledWithoutAHandOff_ItsRowLeftToTheSettle()
    {
        var settlement = await Pipeline().RunAsync(Take("http://a.test/private/x"));

        Assert.Equal(new Settlement(CrawlOutcome.RobotsDenied, 0, null), settlement);
        Assert.Empty(_pages.Pages);
        Assert.Empty(_store.Settles);
        Assert.Equal(["http://a.test/robots.txt"], _web.Requests.Select(u => u.AbsoluteUri));
    }

    [Fact]
    public async Task ServiceUnavailable_PutsTheUrlBackForARetry_AfterItsRetryAfter()
    {
        var settlement = await Pipeline().RunAsync(Take("http://a.test/busy"));

        Assert.Equal(Settlement.Requeued, settlement);
        Assert.Empty(_pages.Pages);
        Assert.Equal((1, 0, 1), (_frontier.Queued, _frontier.InFlight, _frontier.Retries));
        Assert.Equal(TakeKind.Wait, _frontier.Take("a.test", _time.GetUtcNow(), out _, out var due));
        Assert.True(due >= _time.GetUtcNow() + TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task HandOffThatFails_Throws_WithoutASettleRow_AndGivesTheSlotBack()
    {
        _pages.FailFirst = 1;

        await Assert.ThrowsAsync<TimeoutException>(() => Pipeline().RunAsync(Take("http://a.test/page")));

        Assert.Empty(_store.Settles);
        Assert.Equal(4, _slots.CurrentCount);
    }

    [Fact]
    public async Task StageAfterThePolitenessTurn_ThatStopsTheUrl_GivesItsSlotBack()
    {
        var settlement = await Pipeline(new StopEverything()).RunAsync(Take("http://a.test/page"));

        Assert.Equal(CrawlOutcome.Skipped, settlement.Outcome);
        Assert.Equal(4, _slots.CurrentCount);
        Assert.DoesNotContain(_web.Requests, u => u.AbsolutePath == "/page");
    }

    [Fact]
    public async Task PageSlot_IsHeldUntilThePageIsSettled_SoTheNextFetchWaitsForIt()
    {
        // One page slot: the second URL may not be fetched while the first page is still being processed, although a
        // fetch slot is free (the first gave its fetch slot back when its response arrived).
        using var pageSlots = new SemaphoreSlim(1, 1);
        var processed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pages.Hold = processed.Task;
        var pipeline = Pipeline(pageSlots);

        var first = pipeline.RunAsync(Take("http://a.test/page"));
        var second = pipeline.RunAsync(Take("http://a.test/page?second"));
        await Eventually.StillPending(first);
        await Eventually.StillPending(second);

        Assert.Single(_pages.Pages);
        Assert.DoesNotContain(_web.Requests, u => u.Query == "?second");
        Assert.Equal((0, 4), (pageSlots.CurrentCount, _slots.CurrentCount));
        Assert.Empty(_store.Settles);

        processed.SetResult();
        Assert.True((await Eventually.Completes(first)).Durable);
        Assert.True((await Eventually.Completes(second)).Durable);
        Assert.Contains(_web.Requests, u => u.Query == "?second");
        Assert.Equal(2, _store.Settles.Count);
        Assert.Equal((1, 4), (pageSlots.CurrentCount, _slots.CurrentCount));
    }

    [Fact]
    public async Task PageSlot_GoesBack_WhenTheUrlIsPutBackForARetry_OrItsHandOffFails()
    {
        using var pageSlots = new SemaphoreSlim(1, 1);

        Assert.Equal(Settlement.Requeued, await Pipeline(pageSlots).RunAsync(Take("http://a.test/busy")));
        Assert.Equal(1, pageSlots.CurrentCount);

        _pages.FailFirst = 1;
        await Assert.ThrowsAsync<TimeoutException>(() => Pipeline(pageSlots).RunAsync(Take("http://b.test/page"))); // a.test waits out its Retry-After
        Assert.Equal(1, pageSlots.CurrentCount);
    }

    [Fact]
    public void PageSlots_AreTwiceTheFetchSlots()
    {
        var job = new Pipeline.Jobs.JobRuntime("job", new Pipeline.Jobs.JobSettings { Seeds = ["http://a.test/"], Concurrency = 7 });

        Assert.Equal((7, 14), (job.FetchSlots.CurrentCount, job.PageSlots.CurrentCount));
        Assert.Equal(int.MaxValue, OrleansCrawler.Pipeline.Jobs.JobRuntime.PageSlotsFor(int.MaxValue / 2 + 1)); // no overflow
        Assert.Equal(2, OrleansCrawler.Pipeline.Jobs.JobRuntime.PageSlotsFor(0));
    }

    private sealed class StopEverything : IUrlStage
    {
        public string Name => "stop";

        public ValueTask<StageStop?> RunAsync(UrlContext url) => ValueTask.FromResult<StageStop?>(StageStop.Settle(CrawlOutcome.Skipped, "test"));
    }
}
