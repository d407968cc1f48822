using Microsoft.Extensions.Time.Testing;
using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Politeness;
using OrleansCrawler.Core.Robots;
using OrleansCrawler.Pipeline.Stages;
using OrleansCrawler.Pipeline.Tests.Fakes;

namespace OrleansCrawler.Pipeline.Tests.Stages;

public sealed class RobotsStageTests
{
    private const string Robots = "User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n";

    [Fact]
    public async Task DisallowedUrl_IsSettledAsRobotsDenied_NotStored()
    {
        var fetcher = new FakeFetcher(url => FakeFetcher.Status(url, 200, Robots));
        var stage = new RobotsStage(new RobotsCache(fetcher, "TestBot", new RobotsOptions(), new FakeTimeProvider()));

        var stop = await stage.RunAsync(Make.Url("http://a.test/private/x"));

        Assert.Equal(StageStop.Settle(CrawlOutcome.RobotsDenied, StageStop.RobotsDisallowed), stop);
    }

    [Fact]
    public async Task AllowedUrl_GoesOn_WithTheCrawlDelayOnItsHostsClock_AndRobotsTxtFetchedOnce()
    {
        var fetcher = new FakeFetcher(url => FakeFetcher.Status(url, 200, Robots));
        var stage = new RobotsStage(new RobotsCache(fetcher, "TestBot", new RobotsOptions(), new FakeTimeProvider()));
        var host = new HostPoliteness(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));

        var first = Make.Url("http://a.test/public/1", host: host);
        Assert.Null(await stage.RunAsync(first));
        Assert.Null(await stage.RunAsync(Make.Url("http://a.test/public/2", host: host)));

        Assert.Equal(TimeSpan.FromSeconds(2), host.Delay);
        Assert.Equal(RobotsOutcome.Parsed, first.Robots!.Outcome);
        Assert.Equal(["http://a.test/robots.txt"], fetcher.Requests.Select(u => u.AbsoluteUri));
    }

    [Fact]
    public async Task UnreachableRobotsTxt_DisallowsEverything()
    {
        var fetcher = new FakeFetcher(url => FakeFetcher.Status(url, 503));
        var stage = new RobotsStage(new RobotsCache(fetcher, "TestBot", new RobotsOptions(), new FakeTimeProvider()));

        var stop = await stage.RunAsync(Make.Url("http://a.test/anything"));

        Assert.Equal(CrawlOutcome.RobotsDenied, stop!.Value.Outcome);
    }
}
