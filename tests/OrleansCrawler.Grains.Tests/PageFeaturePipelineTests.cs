using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Urls;
using OrleansCrawler.Pipeline.Jobs;
using OrleansCrawler.Pipeline.Pages;
using OrleansCrawler.Silo.Hosting;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Grains.Tests;

/// <summary>A page feature added the way the next features will be: one class and one registration line in the silo's
/// hosting (<c>AddPageFeature</c>), switched on per job by its option, with no change to any grain. Over two silos, it
/// sees every page the result store sees, once, and none of a job that did not ask for it.</summary>
public sealed class PageFeaturePipelineTests : IAsyncLifetime
{
    private CrawlerTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await CrawlerTestCluster.StartAsync(2, "ocrawl-feature-", services =>
    {
        // The feature's two lines in hosting.
        services.AddSingleton<PageLog>();
        services.AddPageFeature<PageLogFeature>();
    });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task RegisteredFeature_SeesEveryStoredPageOnce_OnlyForTheJobsThatAskForIt()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 80, Hosts = 24, Seed = 11 });
        var spec = new JobSpec([.. web.Seeds.Select(UrlNormalizer.Normalize)], 0, -1, ScopeKind.Host, [], [],
            Concurrency: 16, PerHostConcurrency: 2, PartitionCount: 48, UserAgent: JobSpec.DefaultUserAgent);

        var statuses = await Task.WhenAll(_cluster.CrawlAsync("logged-1", spec, TimeSpan.FromMinutes(3)), _cluster.CrawlAsync("plain-1", spec, TimeSpan.FromMinutes(3)));

        Assert.All(statuses, s => Assert.Equal(JobState.Completed, s.State));
        var silos = _cluster.Silos;
        var logged = silos.SelectMany(s => s.GetRequiredService<PageLog>().Pages).ToList();
        var stored = (await _cluster.ResultsPerSiloAsync("logged-1")).SelectMany(r => r).Select(r => r.Url).ToList();

        Assert.True(stored.Count > 70, $"only {stored.Count} pages stored");
        Assert.Equal(stored.Order(StringComparer.Ordinal), logged.Where(p => p.JobId == "logged-1").Select(p => p.Url).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(logged, p => p.JobId == "plain-1");
        Assert.All(silos, s => Assert.Contains(s.GetRequiredService<PageLog>().Pages, p => p.JobId == "logged-1")); // both silos crawled
    }

    /// <summary>The pages the feature saw on this silo.</summary>
    public sealed class PageLog
    {
        public ConcurrentQueue<FetchedPage> Pages { get; } = new();
    }

    /// <summary>Logs every page of the jobs whose id starts with "logged" (its option).</summary>
    public sealed class PageLogFeature(PageLog log) : IPageFeature
    {
        public string Name => "page-log";

        public bool IsEnabled(JobRuntime job) => job.JobId.StartsWith("logged", StringComparison.Ordinal);

        public Task RunAsync(PageContext page)
        {
            log.Pages.Enqueue(page.Page);
            return Task.CompletedTask;
        }
    }
}
