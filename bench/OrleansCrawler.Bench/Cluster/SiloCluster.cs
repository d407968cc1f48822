using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime;
using OrleansCrawler.LocalServers;

namespace OrleansCrawler.Bench.Cluster;

/// <summary>N silo processes on this machine joined through the backends' Redis, sharing one PostgreSQL database,
/// and an Orleans client connected to them the way <c>ocrawl</c>'s cluster commands connect (Redis membership).
/// Disposing stops the client and every silo (SIGTERM, then kill).</summary>
public sealed class SiloCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly List<ChildProcess> _silos = [];
    private readonly List<CpuQuota> _quotas = [];
    private readonly HashSet<int> _siloPorts = [];
    private IHost? _client;

    private SiloCluster(string clusterId) => ClusterId = clusterId;

    public string ClusterId { get; }

    public IReadOnlyList<ChildProcess> Silos => _silos;

    /// <summary>The connection string of the silos' PostgreSQL database.</summary>
    public string Database { get; private init; } = "";

    /// <summary>The silos' silo-to-silo ports (not the gateways).</summary>
    public IReadOnlySet<int> SiloPorts => _siloPorts;

    /// <summary>Each silo's CPU quota, in silo order, when the silos run as small machines; empty otherwise.</summary>
    public IReadOnlyList<CpuQuota> Quotas => _quotas;

    /// <summary>Why the silos run unconfined although a quota was asked for (not root, no cgroup); null otherwise.</summary>
    public string? ConfinementNote { get; private set; }

    public IClusterClient Grains => _client?.Services.GetRequiredService<IClusterClient>() ?? throw new InvalidOperationException("Not connected.");

    /// <summary>Starts the silos, waits until all of them are active members, and connects the client.</summary>
    /// <param name="settings">Extra silo settings as environment variables, e.g. <c>Crawler__Fetcher__UserAgent</c>.</param>
    /// <param name="siloCpu">Processors each silo may use (a <see cref="CpuQuota"/> per silo, so that every silo behaves like a
    /// small machine of its own); 0: unconfined. When no quota can be made, the silos run unconfined and
    /// <see cref="ConfinementNote"/> says why.</param>
    public static async Task<SiloCluster> StartAsync(ClusterBackends backends, int silos, string clusterId,
        IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken, double siloCpu = 0)
    {
        var database = await backends.Postgres.CreateDatabaseAsync("bench");
        var cluster = new SiloCluster(clusterId) { Database = database };
        try
        {
            var directory = Path.GetDirectoryName(backends.SiloDll)!;
            if (siloCpu > 0)
            {
                cluster.MakeQuotas(silos, siloCpu);
            }

            for (var i = 0; i < silos; i++)
            {
                var env = new Dictionary<string, string?>(settings)
                {
                    ["Crawler__Cluster__Mode"] = "Redis",
                    ["Crawler__Cluster__Redis"] = backends.Redis.Address,
                    ["Crawler__Storage__Provider"] = "Postgres",
                    ["Crawler__Storage__Postgres"] = database,
                    ["Orleans__ClusterId"] = clusterId,
                    ["Orleans__SiloPort"] = cluster.TakeSiloPort().ToString(CultureInfo.InvariantCulture),
                    ["Orleans__GatewayPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture),
                    ["Orleans__AdvertisedAddress"] = "127.0.0.1",
                    ["Logging__LogLevel__Default"] = "Warning",
                    ["DOTNET_ENVIRONMENT"] = "Production",
                };
                cluster._silos.Add(ChildProcess.Start($"silo{i}", "dotnet", [backends.SiloDll], directory, env, cluster._quotas.ElementAtOrDefault(i)));
            }

            await cluster.ConnectAsync(backends.Redis.Address, cancellationToken);
            await cluster.WaitForMembersAsync(silos, cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private int TakeSiloPort()
    {
        var port = Ports.Free();
        _siloPorts.Add(port);
        return port;
    }

    /// <summary>A quota per silo, all or none: if one cannot be made, none is kept and the note says why.</summary>
    private void MakeQuotas(int silos, double cpus)
    {
        for (var i = 0; i < silos; i++)
        {
            if (CpuQuota.TryCreate($"ocrawl-{ClusterId}-silo{i}", cpus, out var why) is { } quota)
            {
                _quotas.Add(quota);
                continue;
            }

            ConfinementNote = $"silos unconfined: {why}";
            foreach (var made in _quotas)
            {
                made.Dispose();
            }

            _quotas.Clear();
            return;
        }
    }

    private async Task ConnectAsync(string redis, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            ThrowIfASiloExited();
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Logging.SetMinimumLevel(LogLevel.Critical);
            builder.UseOrleansClient(client => client
                .UseRedisClustering(redis)
                .Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = ClusterId;
                    o.ServiceId = "ocrawl";
                }));
            var host = builder.Build();
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(TimeSpan.FromSeconds(20));
                await host.StartAsync(attempt.Token);
                _client = host;
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && DateTime.UtcNow < deadline && ex is not OutOfMemoryException)
            {
                // No gateway in the membership table yet: the silos are still starting.
                host.Dispose();
                await Task.Delay(500, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                host.Dispose();
                throw new InvalidOperationException($"Could not connect to the {_silos.Count} silos: {ex.GetBaseException().Message}\n{Describe()}", ex);
            }
        }
    }

    private async Task WaitForMembersAsync(int count, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        var management = Grains.GetGrain<IManagementGrain>(0);
        while (true)
        {
            ThrowIfASiloExited();
            var active = (await management.GetHosts(onlyActive: true)).Count;
            if (active >= count)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Only {active} of {count} silos joined within {StartTimeout}.\n{Describe()}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private void ThrowIfASiloExited()
    {
        if (_silos.Any(s => s.HasExited))
        {
            throw new InvalidOperationException($"A silo exited while the cluster was starting.\n{Describe()}");
        }
    }

    public string Describe() => string.Join("\n", _silos.Select(s => $"--- {s.Name} (exited: {s.HasExited})\n{s.Output}"));

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            try
            {
                await _client.StopAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is OperationCanceledException or OrleansException or TimeoutException)
            {
                // Stopping the silos anyway.
            }

            _client.Dispose();
            _client = null;
        }

        // SIGTERM to all first so that they shut down together, then wait for (or kill) each.
        foreach (var silo in _silos.Where(s => !s.HasExited))
        {
            try
            {
                silo.Terminate();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        await Task.WhenAll(_silos.Select(s => Task.Run(s.Dispose)));
        _silos.Clear();
        foreach (var quota in _quotas)
        {
            quota.Dispose();
        }

        _quotas.Clear();
    }
}
