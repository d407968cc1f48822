using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Frontier;
using OrleansCrawler.Pipeline.Partitions;
using OrleansCrawler.Pipeline.Stages;
using OrleansCrawler.Pipeline.Tests.Fakes;

namespace OrleansCrawler.Pipeline.Tests.Stages;

public sealed class SettleStageTests
{
    private readonly MemoryFrontierStore _store = new();
    private readonly PartitionFrontier _frontier = new(perHostConcurrency: 1, maxDepth: -1);
    private readonly ErrorTally _errors = new(default);

    private FrontierEntry InFlight(string url)
    {
        _frontier.Offer(url, 0, out var authority);
        _frontier.Take(authority, DateTimeOffset.UnixEpoch, out var entry, out _);
        return entry;
    }

    [Fact]
    public async Task SettledUrl_IsWrittenWhenNotDurableYet_ThenCountedWithItsKindOfError()
    {
        await using var journal = new FrontierJournal(_store);
        var settle = new SettleStage(journal, _frontier, _errors, "job", 5, default);

        await settle.SettleAsync(InFlight("http://a.test/1"), new Settlement(CrawlOutcome.RobotsDenied, 0, null));
        await settle.SettleAsync(InFlight("http://a.test/2"), new Settlement(CrawlOutcome.Fetched, 100, "http-404", Durable: true));

        var row = Assert.Single(_store.Settles); // the second one was written by its hand-off
        Assert.Equal(("job", 5, CrawlOutcome.RobotsDenied), (row.JobId, row.Partition, row.Outcome));
        Assert.Equal((2, 1, 1, 100), (_frontier.Settled, _frontier.RobotsDenied, _frontier.Fetched, _frontier.Bytes));
        Assert.Equal(1, _errors.Counts["http-404"]);
        Assert.True(_frontier.IsIdle);
    }

    [Fact]
    public async Task RequeuedUrl_IsNotSettled()
    {
        await using var journal = new FrontierJournal(_store);
        var settle = new SettleStage(journal, _frontier, _errors, "job", 0, default);
        var entry = InFlight("http://a.test/1");
        _frontier.Requeue(entry, DateTimeOffset.UnixEpoch);

        await settle.SettleAsync(entry, Settlement.Requeued);

        Assert.Empty(_store.Settles);
        Assert.Equal((0, 1), (_frontier.Settled, _frontier.Queued));
    }
}
