using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Frontier;

namespace OrleansCrawler.Core.Tests.Crawling;

public class PartitionFrontierRestoreTests
{
    private static FrontierRow Queued(string url, int depth = 0) => new(url, depth, null, 0, null);

    private static FrontierRow Settled(string url, CrawlOutcome outcome, long bytes = 0, string? errorKind = null) =>
        new(url, 1, outcome, bytes, errorKind);

    [Fact]
    public void Restore_QueuedRows_GoBackToTheirHostQueuesInOrderWithDepth()
    {
        var frontier = new PartitionFrontier(perHostConcurrency: 1, maxDepth: -1);

        Assert.True(frontier.Restore(Queued("http://a.test/2", 3), out var authority));
        Assert.Equal("a.test", authority);
        Assert.True(frontier.Restore(Queued("http://b.test:8080/x", 1), out authority));
        Assert.Equal("b.test:8080", authority);
        Assert.True(frontier.Restore(Queued("http://a.test/1", 4), out _));

        Assert.Equal((3, 3, 0, 0), (frontier.Accepted, frontier.Queued, frontier.Settled, frontier.InFlight));
        Assert.False(frontier.IsIdle);
        Assert.Equal(["a.test", "b.test:8080"], frontier.AuthoritiesWithQueue().Order());
        Assert.True(frontier.TryStartWorker("a.test"));
        Assert.True(frontier.TryDequeue("a.test", out var first));
        Assert.Equal(("http://a.test/2", 3, "a.test", 0), (first.Url, first.Depth, first.Authority, first.Attempt));
        Assert.True(frontier.TryDequeue("a.test", out var second));
        Assert.Equal(("http://a.test/1", 4), (second.Url, second.Depth));
        Assert.False(frontier.TryDequeue("a.test", out _));
    }

    [Fact]
    public void Restore_SettledRows_CountedNotQueued()
    {
        var frontier = new PartitionFrontier(2, -1);

        Assert.False(frontier.Restore(Settled("http://a.test/1", CrawlOutcome.Fetched, 100), out var authority));
        Assert.Equal("", authority);
        Assert.False(frontier.Restore(Settled("http://a.test/2", CrawlOutcome.Fetched, 50), out _));
        Assert.False(frontier.Restore(Settled("http://a.test/3", CrawlOutcome.Failed, 7, "timeout"), out _));
        Assert.False(frontier.Restore(Settled("http://a.test/4", CrawlOutcome.RobotsDenied), out _));
        Assert.False(frontier.Restore(Settled("http://a.test/5", CrawlOutcome.Skipped), out _));
        Assert.False(frontier.Restore(Settled("http://a.test/6", CrawlOutcome.Refused, errorKind: "trap"), out _));

        Assert.Equal((6, 0, 0, 6), (frontier.Accepted, frontier.Queued, frontier.InFlight, frontier.Settled));
        Assert.Equal((2, 1, 1, 1, 1), (frontier.Fetched, frontier.Failed, frontier.RobotsDenied, frontier.Skipped, frontier.Refused));
        Assert.Equal(157, frontier.Bytes);
        Assert.True(frontier.IsIdle);
        Assert.Empty(frontier.AuthoritiesWithQueue());
        Assert.Equal(6, frontier.SeenCount);
    }

    [Fact]
    public void Restore_Mixed_AccountingAddsUp()
    {
        var frontier = new PartitionFrontier(2, -1);
        var rows = Enumerable.Range(0, 100)
            .Select(i => i % 3 == 0 ? Queued($"http://h{i % 4}.test/{i}") : Settled($"http://h{i % 4}.test/{i}", CrawlOutcome.Fetched, i))
            .ToList();

        var queued = rows.Count(r => frontier.Restore(r, out _));

        Assert.Equal(34, queued);
        Assert.Equal(100, frontier.Accepted);
        Assert.Equal(frontier.Accepted, frontier.Queued + frontier.InFlight + frontier.Settled);
        Assert.Equal(66, frontier.Fetched);
        Assert.Equal(rows.Where(r => r.Outcome is not null).Sum(r => r.Bytes), frontier.Bytes);
    }

    [Fact]
    public void Restore_RepeatedRow_IgnoredAndNotCountedTwice()
    {
        var frontier = new PartitionFrontier(2, -1);
        Assert.True(frontier.Restore(Queued("http://a.test/1"), out _));
        Assert.False(frontier.Restore(Queued("http://a.test/1"), out _));
        Assert.False(frontier.Restore(Settled("http://a.test/1", CrawlOutcome.Fetched, 10), out _));

        Assert.Equal((1, 1, 0, 0), (frontier.Accepted, frontier.Queued, frontier.Settled, frontier.Bytes));
    }

    [Fact]
    public void Offer_AfterRestore_RestoredUrlsAreSeen()
    {
        var frontier = new PartitionFrontier(2, -1);
        frontier.Restore(Queued("http://a.test/queued"), out _);
        frontier.Restore(Settled("http://a.test/settled", CrawlOutcome.Fetched), out _);

        Assert.False(frontier.Offer("http://a.test/queued", 0, out _));
        Assert.False(frontier.Offer("http://a.test/settled", 0, out _));
        Assert.True(frontier.Offer("http://a.test/new", 0, out _));
        Assert.Equal((3, 2), (frontier.Accepted, frontier.Queued));
    }

    [Fact]
    public void Restore_ThenCrawl_SettlesLikeOfferedUrls()
    {
        var frontier = new PartitionFrontier(1, -1);
        frontier.Restore(Settled("http://a.test/done", CrawlOutcome.Fetched, 5), out _);
        frontier.Restore(Queued("http://a.test/todo", 2), out var authority);

        Assert.True(frontier.TryStartWorker(authority));
        Assert.True(frontier.TryDequeue(authority, out _));
        frontier.Settle(CrawlOutcome.Fetched, 10);

        Assert.Equal((2, 0, 0, 2, 2, 15), (frontier.Accepted, frontier.Queued, frontier.InFlight, frontier.Settled, frontier.Fetched, frontier.Bytes));
        Assert.False(frontier.TryDequeue(authority, out _));
        Assert.True(frontier.IsIdle);
    }
}
