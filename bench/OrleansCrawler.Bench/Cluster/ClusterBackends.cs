using OrleansCrawler.LocalServers;

namespace OrleansCrawler.Bench.Cluster;

/// <summary>What silo processes need besides themselves: a local Redis (membership) and PostgreSQL (jobs and
/// results), started once per bench run from the installed binaries on free loopback ports and stopped at the end.
/// Each cluster row gets its own database and cluster id, so rows never see each other's data.</summary>
public sealed class ClusterBackends : IAsyncDisposable
{
    private readonly CpuQuota? _reserve;

    private ClusterBackends(RedisServer redis, PostgresServer postgres, string siloDll, CpuQuota? reserve)
    {
        Redis = redis;
        Postgres = postgres;
        SiloDll = siloDll;
        _reserve = reserve;
    }

    /// <summary>Whether this process (the test web, the client) and Redis and PostgreSQL run in a reserve group
    /// (<see cref="CpuQuota.TryCreateReserve"/>), served before other work on the host.</summary>
    public bool Reserved => _reserve is not null;

    public RedisServer Redis { get; }

    public PostgresServer Postgres { get; }

    public string SiloDll { get; }

    /// <summary>Checks that redis-server, PostgreSQL and a built silo are there, without starting anything.</summary>
    /// <exception cref="BenchSetupException">One is missing; the message names the Debian package or the build to run.</exception>
    public static string CheckPrerequisites()
    {
        try
        {
            Binaries.Find("redis-server", "redis-server");
            var bin = Binaries.PostgresBinDirectories();
            Binaries.Find("initdb", "postgresql", bin);
            Binaries.Find("postgres", "postgresql", bin);
            if (Binaries.RunningAsRoot)
            {
                Binaries.Find("runuser", "util-linux");
            }
        }
        catch (MissingBinaryException ex)
        {
            throw new BenchSetupException(
                $"the orleans mode's silo processes need a local Redis and PostgreSQL: {ex.Message} " +
                "(or give --silos 0 to run the orleans mode in-process only).", ex);
        }

        return SiloLocator.Find();
    }

    /// <param name="reserve">When the silos are small machines (CPU quotas): first move this process into a reserve group,
    /// so that it and the Redis and PostgreSQL it starts are not starved by other work on the host while the quota'd silos
    /// are served first. If the group cannot be made, everything runs as before.</param>
    public static async Task<ClusterBackends> StartAsync(string siloDll, bool reserve = false)
    {
        var lab = reserve ? CpuQuota.TryCreateReserve($"ocrawl-lab-{Environment.ProcessId}", out _) : null;
        lab?.Join(Environment.ProcessId);
        RedisServer? redis = null;
        try
        {
            redis = await RedisServer.StartAsync();
            return new ClusterBackends(redis, await PostgresServer.StartAsync(), siloDll, lab);
        }
        catch
        {
            if (redis is not null)
            {
                await redis.DisposeAsync();
            }

            Release(lab);
            throw;
        }
    }

    private static void Release(CpuQuota? lab)
    {
        if (lab is null)
        {
            return;
        }

        lab.Leave(Environment.ProcessId);
        lab.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Postgres.DisposeAsync();
        }
        finally
        {
            await Redis.DisposeAsync();
            Release(_reserve);
        }
    }
}
