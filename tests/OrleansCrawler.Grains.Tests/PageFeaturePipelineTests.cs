using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Ports;
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
    private readonly string _root = Directory.CreateTempSubdirectory("ocrawl-feature-").FullName;
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSiloHost((silo, host) =>
        {
            host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{StorageOptions.SectionName}:DataDirectory"] = Path.Combine(_root, silo.SiloName),
            });
            host.Services.AddCrawler(host.Configuration);
            host.Services.AddSingleton<PageLog>();
            host.Services.AddPageFeature<PageLogFeature>();
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task RegisteredFeature_SeesEveryStoredPageOnce_OnlyForTheJobsThatAskForIt()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 80, Hosts = 6, Seed = 11 });
        var spec = new JobSpec([.. web.Seeds.Select(UrlNormalizer.Normalize)], 0, -1, ScopeKind.Host, [], [],
            Concurrency: 16, PerHostConcurrency: 2, PartitionCount: 12, UserAgent: JobSpec.DefaultUserAgent);

        await Task.WhenAll(CrawlAsync("logged-1", spec), CrawlAsync("plain-1", spec));

        var silos = _cluster.Silos.Select(s => _cluster.GetSiloServiceProvider(s.SiloAddress)).ToList();
        var logged = silos.SelectMany(s => s.GetRequiredService<PageLog>().Pages).ToList();
        var stored = new List<string>();
        foreach (var silo in silos)
        {
            await foreach (var record in silo.GetRequiredService<IPageStore>().ReadAsync("logged-1"))
            {
                stored.Add(record.Url);
            }
        }

        Assert.True(stored.Count > 70, $"only {stored.Count} pages stored");
        Assert.Equal(stored.Order(StringComparer.Ordinal), logged.Where(p => p.JobId == "logged-1").Select(p => p.Url).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(logged, p => p.JobId == "plain-1");
        Assert.All(silos, s => Assert.Contains(s.GetRequiredService<PageLog>().Pages, p => p.JobId == "logged-1")); // both silos crawled
    }

    private async Task CrawlAsync(string jobId, JobSpec spec)
    {
        var job = _cluster.Client.GetGrain<ICrawlJobGrain>(jobId);
        await job.StartAsync(spec);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        JobStatus status;
        while ((status = await job.GetStatusAsync()).State == JobState.Running)
        {
            await Task.Delay(200, timeout.Token);
        }

        Assert.Equal(JobState.Completed, status.State);
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
