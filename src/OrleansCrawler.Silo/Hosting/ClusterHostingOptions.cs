namespace OrleansCrawler.Silo.Hosting;

/// <summary>How silos find each other (section "Crawler:Cluster").</summary>
public sealed class ClusterHostingOptions
{
    public const string SectionName = "Crawler:Cluster";

    /// <summary><c>Localhost</c> (a single silo, development) or <c>Redis</c> (membership in Redis).</summary>
    public ClusteringMode Mode { get; set; } = ClusteringMode.Localhost;

    /// <summary>StackExchange.Redis configuration, e.g. <c>redis:6379</c> (Redis mode).</summary>
    public string? Redis { get; set; }

    /// <summary>Redis' password (<c>requirepass</c>), none when empty; from the environment
    /// (<c>Crawler__Cluster__RedisPassword</c>) or a secret, never a committed file.</summary>
    public string? RedisPassword { get; set; }
}

public enum ClusteringMode
{
    Localhost,
    Redis,
}
