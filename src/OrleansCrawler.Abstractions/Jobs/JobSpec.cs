using System.Collections.Immutable;

namespace OrleansCrawler.Abstractions.Jobs;

/// <summary>What a crawl job is asked to do. Immutable; fixed at submit. Politeness, retry and safety settings
/// are init-only members with defaults, so <c>new JobSpec(...)</c> with the first ten members stays valid.
/// Their ids start at 11: id 10 is taken by <c>SitemapSeeds</c> on the robots branch.</summary>
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
    public const string DefaultUserAgent = CrawlerUserAgent.Product;

    /// <summary>Least time between request starts to one host (0 = none).</summary>
    [Id(11)] public TimeSpan MinDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Per-host overrides of <see cref="MinDelay"/>, by authority (<c>host:port</c>) or host.</summary>
    [Id(12)] public ImmutableDictionary<string, TimeSpan> HostDelays { get; init; } = ImmutableDictionary<string, TimeSpan>.Empty;

    /// <summary>robots.txt Crawl-delay is capped at this.</summary>
    [Id(13)] public TimeSpan MaxCrawlDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries per URL after 429, 5xx or a transient network failure.</summary>
    [Id(14)] public int MaxRetries { get; init; } = 3;

    /// <summary>Retries per host over the whole job.</summary>
    [Id(15)] public int HostRetryBudget { get; init; } = 100;

    /// <summary>First backoff; doubles per failure in a row, jittered, capped at <see cref="MaxRetryDelay"/>.</summary>
    [Id(16)] public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    [Id(17)] public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>A Retry-After longer than this gives the host up.</summary>
    [Id(18)] public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Failures in a row that park a host.</summary>
    [Id(19)] public int ParkAfterFailures { get; init; } = 10;

    [Id(20)] public TimeSpan ParkDuration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Parkings before a host that keeps failing is given up.</summary>
    [Id(21)] public int MaxParks { get; init; } = 1;

    [Id(22)] public int MaxUrlLength { get; init; } = 2048;

    /// <summary>Most URLs fetched per host (0 = no limit).</summary>
    [Id(23)] public int HostPageBudget { get; init; }

    /// <summary>Most URLs per host differing only in the numbers of their query (calendar traps).</summary>
    [Id(24)] public int MaxQueryVariants { get; init; } = 100;

    /// <summary>Fetch loopback, private and link-local addresses reached by links or redirects (seed hosts always may).</summary>
    [Id(25)] public bool AllowPrivate { get; init; }

    /// <summary>Seeds the retry jitter.</summary>
    [Id(26)] public int RandomSeed { get; init; } = 1;

    /// <summary>Keep the link graph: every outlink of every page, for <c>ocrawl export --format links</c>.</summary>
    [Id(34)] public bool LinkGraph { get; init; }

    /// <summary>Archive every exchange as WARC files in this folder on each silo (<c>--warc</c>); null: no archive.</summary>
    [Id(30)] public string? WarcDirectory { get; init; }

    /// <summary>Rotate a WARC file once it reaches this many bytes (0: the silo's default, 1 GB).</summary>
    [Id(31)] public long WarcRotateBytes { get; init; }

    /// <summary>Keep each page's main content: "text", "markdown" or "html"; null or "none" = not at all (<c>--content</c>).</summary>
    [Id(32)] public string? Content { get; init; }

    // Safe defaults (ids 40-49).

    /// <summary>Whole fetch of one URL, redirects and body included (<c>--timeout</c>); sent with each request.</summary>
    [Id(40)] public TimeSpan FetchTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest body kept, after decompression (<c>--max-body-bytes</c>).</summary>
    [Id(41)] public int MaxBodyBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>The seeds' sitemaps were asked for (<c>--sitemaps</c>); what they listed is <see cref="SitemapSeeds"/>.</summary>
    [Id(42)] public bool Sitemaps { get; init; }

    /// <summary>Most URLs per host whose paths differ only in their digit runs (<c>/cal/2026/01/</c>, ...: path traps).</summary>
    [Id(43)] public int MaxPathVariants { get; init; } = 1000;

    /// <summary>Hosts without a <see cref="HostDelays"/> override get an adaptive delay: 3 × the host's last response
    /// time, at least 1 s (or <see cref="MinDelay"/> if larger), at most 15 s; robots.txt Crawl-delay stays above it.
    /// The CLI's default (<c>--delay auto</c>); false here, so a spec built in code keeps <see cref="MinDelay"/> alone.</summary>
    [Id(44)] public bool AdaptiveDelay { get; init; }

    // Fields from CSS selectors (ids 50-54).

    /// <summary>Field extraction rules (<c>--extract rules.yaml</c>, read and checked by the CLI): stored with the job, so a
    /// resumed or reactivated job and every silo of a cluster use the same rules. Empty: no extraction.</summary>
    [Id(50)] public ImmutableArray<FieldRuleSetSpec> ExtractRules { get; init; } = [];

    // Near duplicates (ids 55-59, docs/dedup.md).

    /// <summary>Check every HTML page for an earlier one with the same body or a main text within 3 SimHash bits, and
    /// record it as <c>duplicateOf</c> (<c>--dedup</c>).</summary>
    [Id(55)] public bool Dedup { get; init; }

    /// <summary>Do not follow the links of a duplicate page (<c>--skip-duplicates</c>; implies <see cref="Dedup"/>).</summary>
    [Id(56)] public bool SkipDuplicates { get; init; }

    // Web console (ids 60-64, docs/console.md).

    /// <summary>Who submitted the job through the web console or its API (the user or token name); null from the CLI.</summary>
    [Id(60)] public string? SubmittedBy { get; init; }
}
