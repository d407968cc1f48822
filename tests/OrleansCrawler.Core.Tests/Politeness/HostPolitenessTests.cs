using Microsoft.Extensions.Time.Testing;
using OrleansCrawler.Core.Politeness;
using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Core.Tests.Politeness;

public class HostPolitenessTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void WaitTime_NoDelay_IsAlwaysZero()
    {
        var host = new HostPoliteness(TimeSpan.Zero, TimeSpan.FromSeconds(30));
        host.OnStart(_time.GetUtcNow());
        Assert.Equal(TimeSpan.Zero, host.WaitTime(_time.GetUtcNow()));
    }

    [Fact]
    public void WaitTime_AfterStart_IsTheDelayUntilItPasses()
    {
        var host = new HostPoliteness(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.Zero, host.WaitTime(_time.GetUtcNow()));
        host.OnStart(_time.GetUtcNow());
        Assert.Equal(TimeSpan.FromMilliseconds(250), host.WaitTime(_time.GetUtcNow()));
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(TimeSpan.FromMilliseconds(150), host.WaitTime(_time.GetUtcNow()));
        _time.Advance(TimeSpan.FromMilliseconds(150));
        Assert.Equal(TimeSpan.Zero, host.WaitTime(_time.GetUtcNow()));
    }

    [Fact]
    public void Unsent_HoldsTheNextStart_AndTheDelayCountsFromTheSend()
    {
        var host = new HostPoliteness(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30));
        var sent = new RequestSent(_time);
        host.OnStart(_time.GetUtcNow(), sent);
        Assert.NotNull(host.Unsent);

        // The request waited 150 ms before it went out: the delay since its start is over, but not since its send.
        _time.Advance(TimeSpan.FromMilliseconds(150));
        Assert.Equal(TimeSpan.Zero, host.WaitTime(_time.GetUtcNow()));
        Assert.NotNull(host.Unsent);
        sent.MarkNow();
        Assert.Null(host.Unsent);
        Assert.Equal(TimeSpan.FromMilliseconds(100), host.WaitTime(_time.GetUtcNow()));
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(TimeSpan.Zero, host.WaitTime(_time.GetUtcNow()));
    }

    [Fact]
    public async Task Unsent_SentAtOnce_TheDelayCountsFromTheStart()
    {
        var host = new HostPoliteness(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30));
        var sent = new RequestSent(_time);
        var start = _time.GetUtcNow();
        host.OnStart(start, sent);
        sent.MarkNow();
        sent.MarkNow();
        Assert.Null(host.Unsent);
        Assert.Equal(start.AddMilliseconds(100), host.NextStart);
        Assert.Equal(start, await sent.At);
    }

    [Fact]
    public void Unsent_NoDelay_NeverHoldsTheNextStart()
    {
        var host = new HostPoliteness(TimeSpan.Zero, TimeSpan.FromSeconds(30));
        host.OnStart(_time.GetUtcNow(), new RequestSent(_time));
        Assert.Null(host.Unsent);
        Assert.Equal(TimeSpan.Zero, host.WaitTime(_time.GetUtcNow()));
    }

    [Fact]
    public void SetCrawlDelay_LargerThanConfigured_WinsButIsCapped()
    {
        var host = new HostPoliteness(TimeSpan.FromSeconds(1), maxCrawlDelay: TimeSpan.FromSeconds(10));
        host.SetCrawlDelay(TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(5), host.Delay);
        host.SetCrawlDelay(TimeSpan.FromHours(1));
        Assert.Equal(TimeSpan.FromSeconds(10), host.Delay);
        host.SetCrawlDelay(TimeSpan.FromMilliseconds(10));
        Assert.Equal(TimeSpan.FromSeconds(1), host.Delay);
        host.SetCrawlDelay(null);
        Assert.Equal(TimeSpan.FromSeconds(1), host.Delay);
    }

    [Fact]
    public void Defer_NeverMovesEarlier_AndAddsToTheDelay()
    {
        var host = new HostPoliteness(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        var now = _time.GetUtcNow();
        host.Defer(now.AddSeconds(10));
        host.Defer(now.AddSeconds(3));
        Assert.Equal(TimeSpan.FromSeconds(10), host.WaitTime(now));
        host.OnStart(now.AddSeconds(10));
        Assert.Equal(now.AddSeconds(11), host.NextStart);
    }

    [Fact]
    public void Park_ThenSuccess_IsActiveAgain()
    {
        var host = new HostPoliteness(TimeSpan.Zero, TimeSpan.FromSeconds(30));
        host.ConsecutiveFailures = 4;
        host.Park(_time.GetUtcNow().AddMinutes(1));
        Assert.Equal(HostStatus.Parked, host.Status);
        Assert.Equal(0, host.ConsecutiveFailures);
        Assert.Equal(TimeSpan.FromMinutes(1), host.WaitTime(_time.GetUtcNow()));
        host.OnSuccess();
        Assert.Equal(HostStatus.Active, host.Status);
    }

    [Fact]
    public void GiveUp_KeepsTheFirstReason_AndNeverWaits()
    {
        var host = new HostPoliteness(TimeSpan.FromHours(1), TimeSpan.FromSeconds(30));
        host.OnStart(_time.GetUtcNow());
        host.GiveUp("first");
        host.GiveUp("second");
        Assert.Equal("first", host.GivenUpReason);
        Assert.Equal(TimeSpan.Zero, host.WaitTime(_time.GetUtcNow()));
    }

    [Fact]
    public void DelayFor_PrefersAuthorityThenHostThenDefault()
    {
        var options = new PolitenessOptions(TimeSpan.FromMilliseconds(5),
            new Dictionary<string, TimeSpan> { ["a.test:8080"] = TimeSpan.FromSeconds(1), ["b.test"] = TimeSpan.FromSeconds(2) },
            TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromSeconds(1), options.DelayFor("a.test:8080"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), options.DelayFor("a.test:9090"));
        Assert.Equal(TimeSpan.FromSeconds(2), options.DelayFor("b.test:1234"));
        Assert.Equal(TimeSpan.FromSeconds(2), options.DelayFor("b.test"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), options.DelayFor("c.test"));
    }
}
