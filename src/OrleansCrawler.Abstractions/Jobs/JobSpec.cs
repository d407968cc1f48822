using System.Collections.Immutable;

namespace OrleansCrawler.Abstractions.Jobs;

/// <summary>What a crawl job is asked to do. Immutable; fixed at submit.</summary>
/// <param name="Seeds">Normalized seed URLs.</param>
/// <param name="MaxPages">Most URLs fetched (0 = no limit).</param>
/// <param name="MaxDepth">Deepest link depth followed, seeds being 0 (-1 = no limit).</param>
/// <param name="Concurrency">Most fetches in flight per silo for this job.</param>
/// <param name="PerHostConcurrency">Most fetches in flight per host (authority), cluster-wide.</param>
/// <param name="PartitionCount">How many partitions the job's hosts are spread over.</param>
/// <param name="SitemapSeeds">Normalized URLs found in the seeds' sitemaps (<c>--sitemaps</c>), enqueued at depth 1 as if
/// the seeds linked to them; empty or default when none.</param>
[GenerateSerializer, Immutable, Alias("OrleansCrawler.JobSpec")]
public sealed record JobSpec(
    [property: Id(0)] ImmutableArray<string> Seeds,
    [property: Id(1)] int MaxPages,
    [property: Id(2)] int MaxDepth,
    [property: Id(3)] ScopeKind Scope,
    [property: Id(4)] ImmutableArray<string> Include,
    [property: Id(5)] ImmutableArray<string> Exclude,
    [property: Id(6)] int Concurrency,
    [property: Id(7)] int PerHostConcurrency,
    [property: Id(8)] int PartitionCount,
    [property: Id(9)] string UserAgent,
    ImmutableArray<string> SitemapSeeds = default)
{
    /// <summary>URLs read from the seeds' sitemaps, crawled at depth 1 (never a default array).</summary>
    [Id(10)]
    public ImmutableArray<string> SitemapSeeds { get; init; } = SitemapSeeds.IsDefault ? [] : SitemapSeeds;

    public const int DefaultPartitionCount = 64;
    public const int DefaultConcurrency = 64;
    public const int DefaultPerHostConcurrency = 2;
    public const string DefaultUserAgent = "OrleansCrawler/0.1 (+https://github.com/orleans-crawler)";
}
