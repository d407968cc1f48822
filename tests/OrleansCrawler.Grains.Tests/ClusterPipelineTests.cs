using Microsoft.Extensions.DependencyInjection;
using OrleansCrawler.Abstractions.Frontier;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Urls;
using OrleansCrawler.Grains.Frontier;
using OrleansCrawler.Grains.Parsing;
using OrleansCrawler.Grains.Politeness;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Grains.Tests;

/// <summary>The same pipeline over three silos in one process: partitions spread over silos, links cross
/// between them in batches, each silo stores what it fetched.</summary>
public sealed class ClusterPipelineTests : IAsyncLifetime
{
    private CrawlerTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await CrawlerTestCluster.StartAsync(3, "ocrawl-cluster-");

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Crawl_OverThreeSilos_FetchesExactlyTheTruthSetOnce()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 1500, Hosts = 12, Seed = 21 });
        var spec = new JobSpec([.. web.Seeds.Select(UrlNormalizer.Normalize)], 0, -1, ScopeKind.Host, [], [],
            Concurrency: 32, PerHostConcurrency: 2, PartitionCount: 24, UserAgent: JobSpec.DefaultUserAgent);

        // Another job first (its seeds only), as a user's earlier crawl or the lab's warm-up: the hosts' gates start on
        // the silos of *its* partitions. (Under the old rule, which started each job's deal at a hash of its id, "seeds-only"
        // and "cluster" began on different silos of three, and every turn of the crawl below went to another silo.)
        Assert.Equal(JobState.Completed, (await _cluster.CrawlAsync("seeds-only", spec with { MaxDepth = 0 }, TimeSpan.FromMinutes(2))).State);
        var firstJobsRequests = web.RequestLog.Count;
        var status = await _cluster.CrawlAsync("cluster", spec, TimeSpan.FromMinutes(5));

        Assert.Equal(JobState.Completed, status.State);
        var perSilo = await _cluster.ResultsPerSiloAsync("cluster");

        Assert.True(perSilo.Count(records => records.Count > 0) >= 2, "partitions should be spread over the silos");
        // Dealt round the silos (PartitionPlacement): 24 partitions over 3 silos, 8 on each, and each where the rule puts it.
        var activations = await _cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var partitions = activations.Where(a => a.GrainType.Contains(nameof(UrlPartitionGrain), StringComparison.Ordinal)
            && a.GrainId.Key.ToString()!.StartsWith("cluster/", StringComparison.Ordinal)).ToList();
        Assert.Equal(24, partitions.Count);
        Assert.All(partitions.GroupBy(a => a.SiloAddress), g => Assert.Equal(8, g.Count()));
        var silos = partitions.Select(a => a.SiloAddress).Distinct().Order().ToArray();
        Assert.Equal(3, silos.Length);
        Assert.All(partitions, a => Assert.Equal(silos[PartitionPlacementDirector.SiloIndex(a.GrainId.Key.ToString()!, 3)], a.SiloAddress));
        // Each host's turn gate is on the silo of the partition that owns the host, so its turns are local calls.
        var partitionSilo = partitions.ToDictionary(a => PartitionKey.Parse(a.GrainId.Key.ToString()!).Partition, a => a.SiloAddress);
        var gates = activations.Where(a => a.GrainType.Contains(nameof(HostGateGrain), StringComparison.Ordinal)).ToList();
        Assert.Equal(12, gates.Count);
        Assert.All(gates, g => Assert.Equal(partitionSilo[new HostPartitioner(spec.PartitionCount).PartitionOfAuthority(g.GrainId.Key.ToString()!)], g.SiloAddress));
        var all = perSilo.SelectMany(r => r).ToList();
        Assert.Equal(all.Count, all.Select(r => r.Url).Distinct().Count());
        CrawlAssertions.FetchedHtmlEqualsTruth(web.ComputeTruth(), all);
        CrawlAssertions.PoliteRequestLog([.. web.RequestLog.Snapshot().Skip(firstJobsRequests)], perHostLimit: 2);
        Assert.Equal(status.Counters.Accepted, status.Counters.Settled);

        // Links cross to their partitions in batches (per page and partition, and across pages while a call is in
        // flight), and a link a silo already handed over is not sent again: fewer than half the links found are sent,
        // at more than two a call on average (the truth set above shows none was lost on the way).
        var sent = _cluster.Silos.Select(s => s.GetRequiredService<LinkRouter>().Sent).ToList();
        var pagesWithLinks = all.Count(r => r.Outlinks > 0);
        var linksFound = all.Sum(r => (long)r.Outlinks);
        var (calls, links) = (sent.Sum(s => s.Calls), sent.Sum(s => s.Links));
        var measured = $"{calls} Enqueue calls carried {links} links of {linksFound} found on {pagesWithLinks} pages";
        Assert.True(links < linksFound / 2, measured);
        Assert.True(calls * 2 < links, measured);
        Assert.True(links >= status.Counters.Accepted - spec.Seeds.Length, $"every accepted URL but the seeds came through a router: {measured}");
    }
}
