using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Silo.Hosting;

namespace OrleansCrawler.Grains.Tests;

/// <summary>robots.txt Crawl-delay through the real pipeline: the partition feeds it to the host's politeness clock.</summary>
[Collection(TimingCollection.Name)]
public sealed class CrawlDelayPipelineTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("ocrawl-crawldelay-").FullName;
    private EmbeddedCrawler _crawler = null!;

    public async Task InitializeAsync() => _crawler = await EmbeddedCrawler.StartAsync(_data);

    public async Task DisposeAsync()
    {
        await _crawler.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    private static JobSpec Spec(params string[] seeds) =>
        new([.. seeds], 0, -1, ScopeKind.Host, [], [], 16, 2, 4, JobSpec.DefaultUserAgent);

    private async Task<JobStatus> CrawlAsync(string jobId, JobSpec spec)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await _crawler.StartJobAsync(jobId, spec);
        return await _crawler.WaitAsync(jobId, cancellationToken: timeout.Token);
    }

    [Fact]
    public async Task CrawlDelay_SpacesRequestsToTheHost()
    {
        var delay = TimeSpan.FromMilliseconds(250);
        var web = new TinyWeb().Map("/robots.txt", new TinyResponse(200, "text/plain", "User-agent: *\nCrawl-delay: 0.25\nDisallow: /x"));
        await using var _ = web;
        web.Html("/", string.Join(' ', Enumerable.Range(1, 6).Select(i => $"<a href=\"/p{i}\">{i}</a>")));
        foreach (var i in Enumerable.Range(1, 6))
        {
            web.Html($"/p{i}", $"<title>{i}</title>");
        }

        var result = await CrawlAsync("crawl-delay", Spec(web.Root + "/") with { PerHostConcurrency = 4 });

        Assert.Equal(JobState.Completed, result.State);
        Assert.Equal(7, result.Counters.Fetched);
        var pages = web.TimedRequests.Where(r => r.Path != "/robots.txt").Select(r => r.Time).Order().ToList();
        Assert.Equal(7, pages.Count);
        // The server stamps arrival, not the crawler's start: allow a little jitter, never a whole delay.
        var gaps = pages.Zip(pages.Skip(1), (a, b) => b - a).ToList();
        Assert.All(gaps, g => Assert.True(g >= delay - TimeSpan.FromMilliseconds(30), $"gap {g.TotalMilliseconds:0} ms < Crawl-delay {delay.TotalMilliseconds} ms"));
    }
}
