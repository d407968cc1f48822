using OrleansCrawler.Core.Crawling;

namespace OrleansCrawler.Core.Tests.Crawling;

public class PartitionFrontierRetryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Requeue_KeepsTheUrlQueued_NotSettled_AndCountsTheAttempt()
    {
        var frontier = new PartitionFrontier(1, -1);
        frontier.Offer("http://a.test/x", 0, out var authority);
        Assert.True(frontier.TryStartWorker(authority));
        Assert.Equal(TakeKind.Ready, frontier.Take(authority, T0, out var entry, out _));

        frontier.Requeue(entry, T0.AddSeconds(5));

        Assert.Equal((1, 0, 0, 1), (frontier.Queued, frontier.InFlight, frontier.Settled, frontier.Retries));
        Assert.False(frontier.IsIdle);
        Assert.Equal(TakeKind.Wait, frontier.Take(authority, T0.AddSeconds(1), out _, out var due));
        Assert.Equal(T0.AddSeconds(5), due);
        Assert.Equal(TakeKind.Ready, frontier.Take(authority, T0.AddSeconds(5), out var again, out _));
        Assert.Equal(1, again.Attempt);
        frontier.Settle(CrawlOutcome.Fetched);
        Assert.Equal(TakeKind.Ended, frontier.Take(authority, T0.AddSeconds(5), out _, out _));
        Assert.Equal(frontier.Accepted, frontier.Settled);
        Assert.True(frontier.IsIdle);
    }

    [Fact]
    public void Take_PrefersDueRetries_ThenNewUrlsInOrder()
    {
        var frontier = new PartitionFrontier(1, -1);
        frontier.Offer("http://a.test/1", 0, out var authority);
        frontier.Offer("http://a.test/2", 0, out _);
        frontier.Offer("http://a.test/3", 0, out _);
        frontier.Take(authority, T0, out var first, out _);
        frontier.Requeue(first, T0.AddSeconds(1));

        frontier.Take(authority, T0, out var e, out _);
        Assert.Equal("http://a.test/2", e.Url);
        frontier.Settle(CrawlOutcome.Fetched);
        frontier.Take(authority, T0.AddSeconds(2), out e, out _);
        Assert.Equal("http://a.test/1", e.Url);
    }

    [Fact]
    public void Take_GivenUpHost_HandsOutRetriesAtOnce()
    {
        var frontier = new PartitionFrontier(1, -1);
        frontier.Offer("http://a.test/1", 0, out var authority);
        frontier.Take(authority, T0, out var e, out _);
        frontier.Requeue(e, T0.AddHours(1));
        frontier.Politeness(authority).GiveUp("gone");
        Assert.Equal(TakeKind.Ready, frontier.Take(authority, T0, out _, out _));
    }

    [Fact]
    public void DropQueued_SettlesRetriesToo()
    {
        var frontier = new PartitionFrontier(1, -1);
        frontier.Offer("http://a.test/1", 0, out var authority);
        frontier.Offer("http://a.test/2", 0, out _);
        frontier.Take(authority, T0, out var e, out _);
        frontier.Requeue(e, T0.AddHours(1));
        Assert.Equal(2, frontier.DropQueued());
        Assert.Equal(frontier.Accepted, frontier.Settled);
        Assert.True(frontier.IsIdle);
    }

    [Fact]
    public void TryStartWorker_CountsWaitingRetries()
    {
        var frontier = new PartitionFrontier(2, -1);
        frontier.Offer("http://a.test/1", 0, out var authority);
        Assert.True(frontier.TryStartWorker(authority));
        frontier.Take(authority, T0, out var e, out _);
        frontier.Requeue(e, T0.AddSeconds(1));
        frontier.Offer("http://a.test/2", 0, out _);
        Assert.True(frontier.TryStartWorker(authority));
    }

    [Fact]
    public void Settle_Refused_IsCounted()
    {
        var frontier = new PartitionFrontier(1, -1);
        frontier.Offer("http://a.test/1", 0, out var authority);
        frontier.Take(authority, T0, out _, out _);
        frontier.Settle(CrawlOutcome.Refused);
        Assert.Equal(1, frontier.Refused);
    }
}
