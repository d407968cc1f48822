using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Politeness;
using OrleansCrawler.Core.Safety;
using OrleansCrawler.Pipeline.Partitions;
using OrleansCrawler.Pipeline.Stages;
using OrleansCrawler.Pipeline.Tests.Fakes;

namespace OrleansCrawler.Pipeline.Tests.Stages;

/// <summary>The stages before the fetch that decide from the URL alone (host given up, traps, address, budget).</summary>
public sealed class BeforeFetchStagesTests
{
    [Fact]
    public async Task HostGivenUp_StoresTheUrlAsFailedWithTheHostsReason()
    {
        var host = new HostPoliteness(TimeSpan.Zero, TimeSpan.FromSeconds(30));
        var stage = new HostGivenUpStage();
        Assert.Null(await stage.RunAsync(Make.Url("http://a.test/x", host: host)));

        host.GiveUp("host-given-up: Retry-After 900 s exceeds the maximum of 300 s");
        var stop = await stage.RunAsync(Make.Url("http://a.test/x", host: host));

        Assert.Equal(StageStop.Store(CrawlOutcome.Failed, "host-given-up: Retry-After 900 s exceeds the maximum of 300 s"), stop);
    }

    [Fact]
    public async Task Traps_RefuseALongUrlOnItsFirstAttemptOnly_AndStoreTheReason()
    {
        var stage = new TrapStage(new TrapPolicy(TrapOptions.Default with { MaxUrlLength = 30 }));
        var url = "http://a.test/" + new string('x', 40);

        var stop = await stage.RunAsync(Make.Url(url));
        var retry = await stage.RunAsync(Make.Url(url, attempt: 1));

        Assert.Equal(CrawlOutcome.Refused, stop!.Value.Outcome);
        Assert.True(stop.Value.Stored);
        Assert.StartsWith("trap: url-too-long", stop.Value.Reason, StringComparison.Ordinal);
        Assert.Null(retry);
    }

    [Fact]
    public async Task Traps_CountTheHostBudgetAcrossUrls()
    {
        var stage = new TrapStage(new TrapPolicy(TrapOptions.Default with { HostPageBudget = 2 }));

        Assert.Null(await stage.RunAsync(Make.Url("http://a.test/1")));
        Assert.Null(await stage.RunAsync(Make.Url("http://a.test/2")));
        var third = await stage.RunAsync(Make.Url("http://a.test/3"));
        var otherHost = await stage.RunAsync(Make.Url("http://b.test/1"));

        Assert.StartsWith("host-budget: 2 URLs of a.test", third!.Value.Reason, StringComparison.Ordinal);
        Assert.Null(otherHost);
    }

    [Fact]
    public async Task Address_RefusesALinkedHostAtAPrivateAddress_ButNotASeedsHost()
    {
        var resolver = new FakeResolver(new Dictionary<string, string[]> { ["seed.test"] = ["10.0.0.5"], ["inner.test"] = ["192.168.1.9"] });
        var stage = new AddressStage(new AddressPolicy(false, ["seed.test"]), resolver);

        var seed = await stage.RunAsync(Make.Url("http://seed.test/a"));
        var inner = await stage.RunAsync(Make.Url("http://inner.test/a"));
        var nowhere = await stage.RunAsync(Make.Url("http://nowhere.test/a"));

        Assert.Null(seed);
        Assert.Equal(CrawlOutcome.Refused, inner!.Value.Outcome);
        Assert.StartsWith("private-address: inner.test resolves to 192.168.1.9", inner.Value.Reason, StringComparison.Ordinal);
        Assert.StartsWith("dns: nowhere.test has no address", nowhere!.Value.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Address_WithAllowPrivateOrOnARetry_DoesNotResolve()
    {
        var resolver = new FakeResolver(new Dictionary<string, string[]>());

        Assert.Null(await new AddressStage(new AddressPolicy(true, []), resolver).RunAsync(Make.Url("http://inner.test/a")));
        Assert.Null(await new AddressStage(new AddressPolicy(false, []), resolver).RunAsync(Make.Url("http://inner.test/a", attempt: 1)));
        Assert.Equal(0, resolver.Lookups);
    }

    [Fact]
    public async Task Budget_TakesAPagePerFirstAttempt_AndOnceRefusedAsksNoMore()
    {
        var budget = new FakeBudget(2);
        var stage = new BudgetStage(budget, maxPages: 2, new PartitionControl());

        Assert.Null(await stage.RunAsync(Make.Url("http://a.test/1")));
        Assert.Null(await stage.RunAsync(Make.Url("http://a.test/1", attempt: 1))); // a retry was paid for
        Assert.Null(await stage.RunAsync(Make.Url("http://a.test/2")));
        var third = await stage.RunAsync(Make.Url("http://a.test/3"));
        var fourth = await stage.RunAsync(Make.Url("http://a.test/4"));

        Assert.Equal(StageStop.Settle(CrawlOutcome.Skipped, StageStop.BudgetSpent), third);
        Assert.Equal(third, fourth);
        Assert.Equal(3, budget.Calls);
    }

    [Fact]
    public async Task Budget_WithoutALimit_NeverAsks_AndAStoppedJobSkipsEveryUrl()
    {
        var budget = new FakeBudget(0);
        var control = new PartitionControl();
        var stage = new BudgetStage(budget, maxPages: 0, control);

        Assert.Null(await stage.RunAsync(Make.Url("http://a.test/1")));
        control.Stopped = true;
        var stopped = await stage.RunAsync(Make.Url("http://a.test/2", attempt: 1));

        Assert.Equal(0, budget.Calls);
        Assert.Equal(StageStop.Settle(CrawlOutcome.Skipped, StageStop.JobStopped), stopped);
    }
}
