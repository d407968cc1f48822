using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;
using OrleansCrawler.Core.Urls;
using OrleansCrawler.Grains.Parsing;
using OrleansCrawler.Silo.Hosting;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Grains.Tests;

/// <summary>The same pipeline over three silos in one process: partitions spread over silos, links cross
/// between them in batches, each silo stores what it fetched.</summary>
public sealed class ClusterPipelineTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("ocrawl-cluster-").FullName;
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSiloHost((silo, host) =>
        {
            host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{StorageOptions.SectionName}:DataDirectory"] = Path.Combine(_root, silo.SiloName),
            });
            host.Services.AddCrawler(host.Configuration);
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
    public async Task Crawl_OverThreeSilos_FetchesExactlyTheTruthSetOnce()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 1500, Hosts = 12, Seed = 21 });
        var spec = new JobSpec([.. web.Seeds.Select(UrlNormalizer.Normalize)], 0, -1, ScopeKind.Host, [], [],
            Concurrency: 32, PerHostConcurrency: 2, PartitionCount: 24, UserAgent: JobSpec.DefaultUserAgent);
        var job = _cluster.Client.GetGrain<ICrawlJobGrain>("cluster");

        await job.StartAsync(spec);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        JobStatus status;
        while ((status = await job.GetStatusAsync()).State == JobState.Running)
        {
            await Task.Delay(200, timeout.Token);
        }

        Assert.Equal(JobState.Completed, status.State);
        var perSilo = new List<List<PageRecord>>();
        foreach (var silo in _cluster.Silos)
        {
            var store = _cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<IPageStore>();
            perSilo.Add(await store.ReadAsync("cluster").ToListAsync());
        }

        Assert.True(perSilo.Count(records => records.Count > 0) >= 2, "partitions should be spread over the silos");
        var all = perSilo.SelectMany(r => r).ToList();
        Assert.Equal(all.Count, all.Select(r => r.Url).Distinct().Count());
        CrawlAssertions.FetchedHtmlEqualsTruth(web.ComputeTruth(), all);
        CrawlAssertions.PoliteRequestLog(web.RequestLog.Snapshot(), perHostLimit: 2);
        Assert.Equal(status.Counters.Accepted, status.Counters.Settled);

        // Links cross to their partitions in batches (per page and partition, and across pages while a call is in
        // flight), and a link a silo already handed over is not sent again: fewer than half the links found are sent,
        // at more than two a call on average (the truth set above shows none was lost on the way).
        var sent = _cluster.Silos.Select(s => _cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<LinkRouter>().Sent).ToList();
        var pagesWithLinks = all.Count(r => r.Outlinks > 0);
        var linksFound = all.Sum(r => (long)r.Outlinks);
        var (calls, links) = (sent.Sum(s => s.Calls), sent.Sum(s => s.Links));
        var measured = $"{calls} Enqueue calls carried {links} links of {linksFound} found on {pagesWithLinks} pages";
        Assert.True(links < linksFound / 2, measured);
        Assert.True(calls * 2 < links, measured);
        Assert.True(links >= status.Counters.Accepted - spec.Seeds.Length, $"every accepted URL but the seeds came through a router: {measured}");
    }
}
