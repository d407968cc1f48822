using Microsoft.Extensions.Time.Testing;
using OrleansCrawler.Core.Politeness;
using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Core.Tests.Politeness;

/// <summary>The adaptive per-host delay (<c>--delay auto</c>): 3 × the last response time, 1 s floor, 15 s ceiling,
/// robots.txt Crawl-delay above it, counted on a fake clock.</summary>
public class AdaptiveDelayTests
{
    private static readonly TimeSpan MaxCrawlDelay = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static HostPoliteness Adaptive(TimeSpan? configured = null) =>
        new(configured ?? TimeSpan.Zero, MaxCrawlDelay, AdaptiveDelay.Default);

    [Theory]
    [InlineData(0, 1000)]      // floor
    [InlineData(100, 1000)]    // 300 ms is below the floor
    [InlineData(400, 1200)]
    [InlineData(2000, 6000)]
    [InlineData(5000, 15000)]  // the ceiling exactly
    [InlineData(30000, 15000)] // a timeout: the ceiling
    public void After_IsThreeTimesTheResponseTime_BetweenFloorAndCeiling(int responseMs, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), AdaptiveDelay.Default.After(TimeSpan.FromMilliseconds(responseMs)));

    [Fact]
    public void BeforeAnyResponse_TheDelayIsTheFloor()
    {
        var host = Adaptive();
        Assert.True(host.IsAdaptive);
        Assert.Equal(TimeSpan.FromSeconds(1), host.Delay);
        host.OnStart(_time.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(1), host.WaitTime(_time.GetUtcNow()));
    }

    [Fact]
    public void Delay_FollowsSlowThenFastResponses()
    {
        var host = Adaptive();
        host.OnResponse(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(6), host.Delay);
        host.OnResponse(TimeSpan.FromSeconds(4));
        Assert.Equal(TimeSpan.FromSeconds(12), host.Delay);
        host.OnResponse(TimeSpan.FromMilliseconds(500));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), host.Delay);
        host.OnResponse(TimeSpan.FromMilliseconds(20));
        Assert.Equal(TimeSpan.FromSeconds(1), host.Delay);
    }

    [Fact]
    public void SlowResponse_HoldsTheNextRequestForThreeTimesIt_CountedFromTheSend()
    {
        var host = Adaptive();
        var sent = new RequestSent(_time);
        host.OnStart(_time.GetUtcNow(), sent);
        sent.MarkNow();
        _time.Advance(TimeSpan.FromSeconds(2)); // the response took 2 s
        host.OnResponse(TimeSpan.FromSeconds(2));

        Assert.Equal(TimeSpan.FromSeconds(4), host.WaitTime(_time.GetUtcNow()));
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(TimeSpan.Zero, host.WaitTime(_time.GetUtcNow()));
    }

    [Fact]
    public void CrawlDelay_AboveTheAdaptiveDelay_Wins_AndBelowIt_Loses()
    {
        var host = Adaptive();
        host.SetCrawlDelay(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromSeconds(10), host.Delay);
        host.OnResponse(TimeSpan.FromSeconds(1)); // adaptive 3 s < Crawl-delay 10 s
        Assert.Equal(TimeSpan.FromSeconds(10), host.Delay);
        host.OnResponse(TimeSpan.FromSeconds(4)); // adaptive 12 s > 10 s
        Assert.Equal(TimeSpan.FromSeconds(12), host.Delay);
        host.SetCrawlDelay(TimeSpan.FromMinutes(5)); // capped at --max-crawl-delay, still above the ceiling
        Assert.Equal(MaxCrawlDelay, host.Delay);
        host.SetCrawlDelay(null);
        Assert.Equal(TimeSpan.FromSeconds(12), host.Delay);
    }

    [Fact]
    public void ConfiguredDelayAboveTheFloor_IsTheLeastDelay()
    {
        var host = Adaptive(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(2), host.Delay);
        host.OnResponse(TimeSpan.FromMilliseconds(10));
        Assert.Equal(TimeSpan.FromSeconds(2), host.Delay);
        host.OnResponse(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.FromSeconds(9), host.Delay);
    }

    [Fact]
    public void FixedDelay_DoesNotFollowResponses()
    {
        var none = new HostPoliteness(TimeSpan.Zero, MaxCrawlDelay);
        var fixedDelay = new HostPoliteness(TimeSpan.FromMilliseconds(250), MaxCrawlDelay);
        none.OnResponse(TimeSpan.FromSeconds(5));
        fixedDelay.OnResponse(TimeSpan.FromSeconds(5));

        Assert.False(none.IsAdaptive);
        Assert.Equal(TimeSpan.Zero, none.Delay);
        Assert.Equal(TimeSpan.FromMilliseconds(250), fixedDelay.Delay);
    }

    [Fact]
    public void Options_HostOverrideIsFixed_OtherHostsAdaptive_AndNoAdaptiveMeansTheMinDelay()
    {
        var options = new PolitenessOptions(TimeSpan.Zero, new Dictionary<string, TimeSpan> { ["slow.test"] = TimeSpan.FromMilliseconds(100) }, MaxCrawlDelay)
        {
            Adaptive = AdaptiveDelay.Default,
        };

        var overridden = options.NewHost("slow.test:8080");
        var other = options.NewHost("fast.test:8080");
        var plain = PolitenessOptions.Default.NewHost("fast.test:8080");

        Assert.False(overridden.IsAdaptive);
        Assert.Equal(TimeSpan.FromMilliseconds(100), overridden.Delay);
        Assert.True(other.IsAdaptive);
        Assert.Equal(TimeSpan.FromSeconds(1), other.Delay);
        Assert.False(plain.IsAdaptive);
        Assert.Equal(TimeSpan.Zero, plain.Delay);
    }
}
