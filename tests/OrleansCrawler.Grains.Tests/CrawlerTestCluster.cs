using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;
using OrleansCrawler.Silo.Hosting;

namespace OrleansCrawler.Grains.Tests;

/// <summary>Silos of the crawler in this process (Orleans' in-process test cluster), each with its own SQLite data folder
/// under a temporary root, and a client; jobs are crawled to their end through it.</summary>
internal sealed class CrawlerTestCluster : IAsyncDisposable
{
    private readonly string _root;

    private CrawlerTestCluster(InProcessTestCluster cluster, string root) => (Cluster, _root) = (cluster, root);

    public InProcessTestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    /// <summary>Each silo's services.</summary>
    public IReadOnlyList<IServiceProvider> Silos => [.. Cluster.Silos.Select(s => Cluster.GetSiloServiceProvider(s.SiloAddress))];

    /// <param name="services">More registrations on every silo, after the crawler's.</param>
    /// <param name="propagateActivities">Orleans' activity propagation on silos and client (for traces across grains).</param>
    public static async Task<CrawlerTestCluster> StartAsync(int silos, string prefix, Action<IServiceCollection>? services = null,
        bool propagateActivities = false)
    {
        var root = Directory.CreateTempSubdirectory(prefix).FullName;
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSiloHost((silo, host) =>
        {
            host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{StorageOptions.SectionName}:DataDirectory"] = Path.Combine(root, silo.SiloName),
            });
            host.Services.AddCrawler(host.Configuration);
            services?.Invoke(host.Services);
        });
        if (propagateActivities)
        {
            builder.ConfigureSilo((_, silo) => silo.AddActivityPropagation());
            builder.ConfigureClient(client => client.AddActivityPropagation());
        }

        var cluster = builder.Build();
        await cluster.DeployAsync();
        // Placement only deals partitions over silos whose grain manifest the placing silo has seen: under load a
        // crawl started right after DeployAsync can place every partition on the first silo.
        // Even then a test that needs every silo to crawl must use many hosts: the test web's hosts differ by port,
        // so their partitions change from run to run, and with few hosts the partitions they use can all sit on one
        // silo (tests use 24 partitions and many hosts).
        await cluster.WaitForLivenessToStabilizeAsync();
        await cluster.WaitForClusterManifestToStabilizeAsync();
        return new CrawlerTestCluster(cluster, root);
    }

    /// <summary>Starts the job and polls it until it no longer runs (at most <paramref name="timeout"/>); its last status.</summary>
    public async Task<JobStatus> CrawlAsync(string jobId, JobSpec spec, TimeSpan timeout)
    {
        var job = Client.GetGrain<ICrawlJobGrain>(jobId);
        await job.StartAsync(spec);
        using var deadline = new CancellationTokenSource(timeout);
        JobStatus status;
        while ((status = await job.GetStatusAsync()).State == JobState.Running)
        {
            await Task.Delay(200, deadline.Token);
        }

        return status;
    }

    /// <summary>The job's results as each silo stored them (a silo stores what it fetched).</summary>
    public async Task<List<List<PageRecord>>> ResultsPerSiloAsync(string jobId)
    {
        var perSilo = new List<List<PageRecord>>();
        foreach (var silo in Silos)
        {
            perSilo.Add(await silo.GetRequiredService<IPageStore>().ReadAsync(jobId).ToListAsync());
        }

        return perSilo;
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}
