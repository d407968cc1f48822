using Microsoft.Extensions.Time.Testing;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Core.Tests.Results;

public class StoreHealthTests
{
    [Fact]
    public void Problem_FromFirstFailureUntilRecovered_SinceTheFirstFailure()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
        var log = new List<string>();
        var health = new StoreHealth("frontier store", time, (message, _) => log.Add(message));
        Assert.Null(health.Problem);

        health.Failed(new IOException("connection refused"), 1, willRetry: true);
        time.Advance(TimeSpan.FromSeconds(30));
        for (var attempt = 2; attempt <= 10; attempt++)
        {
            health.Failed(new IOException("still refused"), attempt, willRetry: true);
        }

        Assert.Equal("frontier store unavailable since 10:00:00 UTC, writes retried: still refused", health.Problem);
        // The first failure and every 10th attempt are logged, not each retry.
        Assert.Equal(["frontier store: write attempt 1 failed, retrying", "frontier store: write attempt 10 failed, retrying"], log);

        health.Recovered();
        Assert.Null(health.Problem);
        Assert.Equal("frontier store: writes go through again", log[^1]);

        // A later outage has its own start.
        time.Advance(TimeSpan.FromMinutes(1));
        health.Failed(new IOException("gone"), 1, willRetry: false);
        Assert.StartsWith("frontier store unavailable since 10:01:30 UTC", health.Problem);
        Assert.Equal("frontier store: write attempt 1 failed, giving up", log[^1]);
    }
}
