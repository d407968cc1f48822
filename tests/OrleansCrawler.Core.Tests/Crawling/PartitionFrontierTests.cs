using OrleansCrawler.Core.Crawling;

namespace OrleansCrawler.Core.Tests.Crawling;

public class PartitionFrontierTests
{
    [Fact]
    public void Offer_SameUrlTwice_AcceptsOnce()
    {
        var frontier = new PartitionFrontier(perHostConcurrency: 2, maxDepth: -1);
        Assert.True(frontier.Offer("http://a.test/x", 0, out var authority));
        Assert.Equal("a.test", authority);
        Assert.False(frontier.Offer("http://a.test/x", 1, out _));
        Assert.Equal(1, frontier.Accepted);
        Assert.Equal(1, frontier.Queued);
    }

    [Fact]
    public void Offer_BeyondMaxDepth_IsRejectedAndNotRemembered()
    {
        var frontier = new PartitionFrontier(2, maxDepth: 1);
        Assert.False(frontier.Offer("http://a.test/deep", 2, out _));
        // Found again at a shallower depth, it is accepted: the deep offer did not poison the seen-set.
        Assert.True(frontier.Offer("http://a.test/deep", 1, out _));
    }

    [Fact]
    public void TryStartWorker_CapsWorkersPerHost()
    {
        var frontier = new PartitionFrontier(perHostConcurrency: 2, maxDepth: -1);
        for (var i = 0; i < 5; i++)
        {
            frontier.Offer($"http://a.test/{i}", 0, out _);
        }

        Assert.True(frontier.TryStartWorker("a.test"));
        Assert.True(frontier.TryStartWorker("a.test"));
        Assert.False(frontier.TryStartWorker("a.test"));
    }

    [Fact]
    public void TryStartWorker_NoMoreWorkersThanQueuedUrls()
    {
        var frontier = new PartitionFrontier(perHostConcurrency: 4, maxDepth: -1);
        frontier.Offer("http://a.test/1", 0, out _);
        Assert.True(frontier.TryStartWorker("a.test"));
        Assert.False(frontier.TryStartWorker("a.test"));
    }

    [Fact]
    public void WorkerLifecycle_DrainsQueueAndBecomesIdle()
    {
        var frontier = new PartitionFrontier(1, -1);
        frontier.Offer("http://a.test/1", 0, out _);
        frontier.Offer("http://a.test/2", 1, out _);
        Assert.True(frontier.TryStartWorker("a.test"));
        var seen = new List<FrontierEntry>();
        while (frontier.TryDequeue("a.test", out var entry))
        {
            Assert.False(frontier.IsIdle);
            seen.Add(entry);
            frontier.Settle(CrawlOutcome.Fetched, 100);
        }

        Assert.Equal(["http://a.test/1", "http://a.test/2"], seen.Select(e => e.Url));
        Assert.Equal(1, seen[1].Depth);
        Assert.True(frontier.IsIdle);
        Assert.Equal(2, frontier.Settled);
        Assert.Equal(200, frontier.Bytes);
        // The worker slot was released, so a new URL gets a new worker.
        frontier.Offer("http://a.test/3", 0, out _);
        Assert.True(frontier.TryStartWorker("a.test"));
    }

    [Fact]
    public void Settle_CountsEachOutcome()
    {
        var frontier = new PartitionFrontier(4, -1);
        foreach (var i in Enumerable.Range(0, 4))
        {
            frontier.Offer($"http://a.test/{i}", 0, out _);
        }

        frontier.TryStartWorker("a.test");
        foreach (var outcome in new[] { CrawlOutcome.Fetched, CrawlOutcome.Failed, CrawlOutcome.RobotsDenied, CrawlOutcome.Skipped })
        {
            Assert.True(frontier.TryDequeue("a.test", out _));
            frontier.Settle(outcome);
        }

        Assert.Equal((1, 1, 1, 1), (frontier.Fetched, frontier.Failed, frontier.RobotsDenied, frontier.Skipped));
        Assert.Equal(frontier.Accepted, frontier.Settled);
    }

    [Fact]
    public void Settle_WithoutInFlight_Throws()
    {
        var frontier = new PartitionFrontier(1, -1);
        Assert.Throws<InvalidOperationException>(() => frontier.Settle(CrawlOutcome.Fetched));
    }

    [Fact]
    public void DropQueued_SettlesQueuedAsSkipped()
    {
        var frontier = new PartitionFrontier(1, -1);
        frontier.Offer("http://a.test/1", 0, out _);
        frontier.Offer("http://b.test/1", 0, out _);
        Assert.Equal(2, frontier.DropQueued());
        Assert.True(frontier.IsIdle);
        Assert.Equal(2, frontier.Skipped);
        Assert.Equal(frontier.Accepted, frontier.Settled);
    }
}
