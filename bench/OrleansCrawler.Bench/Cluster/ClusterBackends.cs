using OrleansCrawler.LocalServers;

namespace OrleansCrawler.Bench.Cluster;

/// <summary>What silo processes need besides themselves: a local Redis (membership) and PostgreSQL (jobs and
/// results), started once per bench run from the installed binaries on free loopback ports and stopped at the end.
/// Each cluster row gets its own database and cluster id, so rows never see each other's data.</summary>
public sealed class ClusterBackends : IAsyncDisposable
{
    private ClusterBackends(RedisServer redis, PostgresServer postgres, string siloDll)
    {
        Redis = redis;
        Postgres = postgres;
        SiloDll = siloDll;
    }

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

    public static async Task<ClusterBackends> StartAsync(string siloDll)
    {
        var redis = await RedisServer.StartAsync();
        try
        {
            return new ClusterBackends(redis, await PostgresServer.StartAsync(), siloDll);
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
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
        }
    }
}
