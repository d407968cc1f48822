using Npgsql;
using OrleansCrawler.LocalServers;

namespace OrleansCrawler.Silo.Tests;

/// <summary>The compose topology as local processes: a real Redis and PostgreSQL, and three silo processes
/// started with the silo service's resolved docker-compose environment. Only what compose's network provides
/// is replaced: the service host names (redis, postgres) by local addresses, and the fixed in-container ports
/// by free ports, since the three silos share one address here.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const int SiloCount = 3;
    private readonly List<ChildProcess> _silos = [];
    private readonly Dictionary<ChildProcess, int> _siloPorts = [];

    public RedisServer Redis { get; private set; } = null!;

    public PostgresServer Postgres { get; private set; } = null!;

    public ComposeFile Compose { get; private set; } = null!;

    public string WorkDirectory { get; } = Directory.CreateTempSubdirectory("ocrawl-cluster-").FullName;

    public string ClusterAddress => $"redis://{Redis.Address}";

    public IReadOnlyDictionary<string, string> SiloEnvironment { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Compose = await ComposeFile.ResolveAsync();
        // As docker-compose.yml runs it: with the append-only file, so membership survives a Redis restart.
        Redis = await RedisServer.StartAsync(appendOnly: true);
        Postgres = await PostgresServer.StartAsync();
        var compose = Compose.Environment("silo");
        var env = new Dictionary<string, string>(compose);
        Assert.StartsWith("redis:", env["Crawler__Cluster__Redis"]);
        env["Crawler__Cluster__Redis"] = Redis.Address;
        var pg = new NpgsqlConnectionStringBuilder(env["Crawler__Storage__Postgres"]);
        Assert.Equal("postgres", pg.Host);
        await Postgres.EnsureDatabaseAsync(pg.Database!);
        pg.Host = "127.0.0.1";
        pg.Port = Postgres.Port;
        env["Crawler__Storage__Postgres"] = pg.ConnectionString;
        SiloEnvironment = env;
        for (var i = 0; i < SiloCount; i++)
        {
            StartSilo(i);
        }

        await WaitForClusterAsync(_silos);
    }

    /// <summary>The silo-to-silo port a silo of this fixture was started with (its Orleans SiloAddress port).</summary>
    public int SiloPortOf(ChildProcess silo) => _siloPorts[silo];

    /// <summary>The silos started so far that are still running.</summary>
    public IReadOnlyList<ChildProcess> RunningSilos => [.. _silos.Where(s => !s.HasExited)];

    public ChildProcess StartSilo(int index)
    {
        var env = SiloEnvironment.ToDictionary(kv => kv.Key, kv => (string?)kv.Value);
        var port = Ports.Free();
        env["Orleans__SiloPort"] = port.ToString();
        env["Orleans__GatewayPort"] = Ports.Free().ToString();
        env["Orleans__AdvertisedAddress"] = "127.0.0.1";
        var silo = ChildProcess.Start($"silo{index}", "dotnet", [Repository.SiloDll], Repository.SiloDirectory, env);
        _silos.Add(silo);
        _siloPorts[silo] = port;
        return silo;
    }

    public IReadOnlyList<ChildProcess> Silos => _silos;

    /// <summary>Runs ocrawl against the cluster and returns it exited. On a busy machine an ocrawl process sometimes
    /// cannot connect within its 20 s (exit 3, "cannot reach the cluster"): that alone is tried again, at most three
    /// times (safe for every command: nothing was sent to the cluster).</summary>
    public async Task<ChildProcess> OcrawlAsync(TimeSpan timeout, params string[] args)
    {
        for (var attempt = 1; ; attempt++)
        {
            var process = Ocrawl(args);
            await process.WaitForExitAsync(timeout);
            if (process.ExitCode != 3 || !process.Output.Contains("cannot reach the cluster", StringComparison.Ordinal) || attempt == 3)
            {
                return process;
            }

            process.Dispose();
        }
    }

    public ChildProcess Ocrawl(params string[] args) =>
        ChildProcess.Start("ocrawl " + args.FirstOrDefault(), "dotnet", [Repository.OcrawlDll, .. args], WorkDirectory,
            new Dictionary<string, string?> { ["OCRAWL_CLUSTER"] = ClusterAddress });

    /// <summary>Waits until ocrawl can talk to the cluster (at most <paramref name="timeout"/>, 2 minutes by default);
    /// fails if one of <paramref name="silos"/> exits meanwhile.</summary>
    public async Task WaitForClusterAsync(IReadOnlyList<ChildProcess> silos, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        while (true)
        {
            using var jobs = await OcrawlAsync(TimeSpan.FromMinutes(1), "jobs");
            if (jobs.ExitCode == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline || silos.Any(s => s.HasExited))
            {
                throw new InvalidOperationException("The cluster did not come up.\n" + jobs.Output + "\n" +
                    string.Join("\n", silos.Select(s => $"--- {s.Name} (exited: {s.HasExited})\n{s.Output}")));
            }

            await Task.Delay(1000);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            silo.Dispose();
        }

        await Postgres.DisposeAsync();
        await Redis.DisposeAsync();
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
