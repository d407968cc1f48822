using Orleans.Clustering.Redis;
using StackExchange.Redis;

namespace OrleansCrawler.Silo.Hosting;

/// <summary>The Redis that holds the cluster's membership, as silos and the <c>ocrawl</c> client connect to it: a
/// StackExchange.Redis configuration (<c>host:port</c>) and, when Redis asks for one, a password kept apart from it
/// (from the environment or a secret, never from a committed file).</summary>
public static class RedisMembership
{
    /// <summary>Sets <paramref name="options"/>' connection from <paramref name="configuration"/> and
    /// <paramref name="password"/> (none when null or empty).</summary>
    public static void Configure(RedisClusteringOptions options, string configuration, string? password)
    {
        var parsed = ConfigurationOptions.Parse(configuration);
        if (!string.IsNullOrEmpty(password))
        {
            parsed.Password = password;
        }

        options.ConfigurationOptions = parsed;
    }

    /// <summary>Whether <paramref name="error"/> (or an exception inside it) is Redis refusing a client for its
    /// password: none given (NOAUTH) or a wrong one (WRONGPASS, or StackExchange.Redis' AuthenticationFailure).</summary>
    public static bool IsAuthenticationFailure(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure }
                || e.Message.Contains("NOAUTH", StringComparison.Ordinal)
                || e.Message.Contains("WRONGPASS", StringComparison.Ordinal)
                || e.Message.Contains("AuthenticationFailure", StringComparison.Ordinal))
            {
                return true;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsAuthenticationFailure))
            {
                return true;
            }
        }

        return false;
    }
}
