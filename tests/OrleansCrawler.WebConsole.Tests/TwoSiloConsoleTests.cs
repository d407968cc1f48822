using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansCrawler.Silo.Hosting;
using OrleansCrawler.TestSite;
using OrleansCrawler.WebConsole.Api;
using OrleansCrawler.WebConsole.Auth;
using OrleansCrawler.WebConsole.Hosting;

namespace OrleansCrawler.WebConsole.Tests;

/// <summary>Two silos (Orleans' in-process test cluster), each serving the console on its own port, as every silo of a
/// cluster does: a job submitted through one is steered and seen through the other, and the silos view shows both
/// silos and where the job's partitions live.</summary>
public sealed class TwoSiloConsoleTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("ocrawl-console-cluster-").FullName;
    private readonly string _token = ConsoleSecrets.NewToken();
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSiloHost((silo, host) =>
        {
            host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{StorageOptions.SectionName}:DataDirectory"] = Path.Combine(_root, silo.SiloName),
                [$"{ConsoleOptions.SectionName}:Port"] = "0",
            }).AddInMemoryCollection(ConsoleServiceCollectionExtensions.TokenSettings(_token, "script"));
            host.Services.AddCrawler(host.Configuration);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        await _cluster.WaitForLivenessToStabilizeAsync();
        await _cluster.WaitForClusterManifestToStabilizeAsync();
    }

    private ConsoleClient ClientOf(int silo)
    {
        var services = _cluster.GetSiloServiceProvider(_cluster.Silos[silo].SiloAddress);
        var client = new ConsoleClient(services.GetRequiredService<ConsoleServer>().Address!);
        client.UseToken(_token);
        return client;
    }

    [Fact]
    public async Task EverySiloServesTheConsole_SilosViewShowsWhereThePartitionsAre()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 600, Hosts = 6, Seed = 59, Latency = TimeSpan.FromMilliseconds(20) });
        using var first = ClientOf(0);
        using var second = ClientOf(1);
        Assert.NotEqual(first.Http.BaseAddress, second.Http.BaseAddress);

        Assert.Equal(HttpStatusCode.Created, (await first.SubmitAsync(new SubmitRequest(string.Join('\n', web.Seeds), "two-silos",
            DelayMs: 0, PerHost: 1, Partitions: 16))).StatusCode);
        await second.WaitForAsync("two-silos", j => j.Counters.Fetched > 10, TimeSpan.FromMinutes(2));
        var silos = await second.Http.GetFromJsonAsync<List<SiloView>>("/api/silos", ConsoleClient.Json) ?? [];
        Assert.Equal(HttpStatusCode.OK, (await second.PostAsync("/api/jobs/two-silos/pause")).StatusCode);
        Assert.Equal("paused", (await first.JobAsync("two-silos")).State);
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsync("/api/jobs/two-silos/cancel")).StatusCode);

        var active = silos.Where(s => s.Status == "Active").ToList();
        Assert.Equal(2, active.Count);
        var partitions = active.Select(s => s.Partitions.Where(p => p.StartsWith("two-silos/", StringComparison.Ordinal)).ToList()).ToList();
        Assert.All(partitions, p => Assert.NotEmpty(p));
        Assert.Equal(Enumerable.Range(0, 16).Select(p => $"two-silos/{p}").Order(StringComparer.Ordinal),
            partitions.SelectMany(p => p).Order(StringComparer.Ordinal));

        // Each silo has its own SQLite results store here: a console lists that silo's results only (docs/console.md).
        // Fetches in flight at the cancel may still land, so the API's list lies between two reads of the store.
        foreach (var (client, silo) in new[] { (first, 0), (second, 1) })
        {
            var store = _cluster.GetSiloServiceProvider(_cluster.Silos[silo].SiloAddress).GetRequiredService<Core.Ports.IPageStore>();
            var before = await StoredUrlsAsync(store);
            var listed = (await client.AllResultsAsync("two-silos", pageSize: 1000)).Select(r => r.Url).ToHashSet(StringComparer.Ordinal);
            var after = await StoredUrlsAsync(store);
            Assert.Subset(listed, before);
            Assert.Superset(listed, after);
        }
    }

    private static async Task<HashSet<string>> StoredUrlsAsync(Core.Ports.IPageStore store) =>
        (await Core.Ports.PageStoreExtensions.ReadAsync(store, "two-silos").ToListAsync()).Select(r => r.Url).ToHashSet(StringComparer.Ordinal);

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
