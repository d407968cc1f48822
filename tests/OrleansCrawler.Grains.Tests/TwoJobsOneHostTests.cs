using OrleansCrawler.Core.Ports;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Grains.Tests;

/// <summary>Politeness across jobs in one embedded process: two jobs started at once on one host share its per-host
/// limit and clock (<see cref="SharedHostAssertions"/>).</summary>
[Collection(TimingCollection.Name)]
public class TwoJobsOneHostTests(CrawlerFixture fixture) : IClassFixture<CrawlerFixture>
{
    [Fact]
    public async Task TwoJobs_OneHost_ShareThePerHostLimitAndTheDelay()
    {
        await using var web = await TestWeb.StartAsync(SharedHostAssertions.Web(seed: 51));
        var spec = SharedHostAssertions.Spec(web);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        await Task.WhenAll(fixture.Crawler.StartJobAsync("two-jobs-a", spec), fixture.Crawler.StartJobAsync("two-jobs-b", spec));
        var statuses = await Task.WhenAll(
            fixture.Crawler.WaitAsync("two-jobs-a", interval: TimeSpan.FromMilliseconds(100), cancellationToken: timeout.Token),
            fixture.Crawler.WaitAsync("two-jobs-b", interval: TimeSpan.FromMilliseconds(100), cancellationToken: timeout.Token));

        Assert.All(statuses, s => Assert.Equal(JobState.Completed, s.State));
        var truth = web.ComputeTruth();
        CrawlAssertions.FetchedHtmlEqualsTruth(truth, await fixture.Crawler.Store.ReadAsync("two-jobs-a").ToListAsync());
        CrawlAssertions.FetchedHtmlEqualsTruth(truth, await fixture.Crawler.Store.ReadAsync("two-jobs-b").ToListAsync());
        SharedHostAssertions.BothJobsSharedOneClock(web, truth.Count);
    }
}
