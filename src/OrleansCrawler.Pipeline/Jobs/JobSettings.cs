using OrleansCrawler.Core.Politeness;
using OrleansCrawler.Core.Safety;
using OrleansCrawler.Core.Scope;

namespace OrleansCrawler.Pipeline.Jobs;

/// <summary>What a job asks of the crawl, in Core's terms: the pipeline's view of a job's spec. The grains map the wire
/// record (<c>JobSpec</c>) to it where a job reaches a silo; a page feature's option (<see cref="Pages.IPageFeature.IsEnabled"/>)
/// is read from here.</summary>
public sealed record JobSettings
{
    public const string DefaultUserAgent = "OrleansCrawler/0.1";

    /// <summary>Normalized seed URLs: their authorities define the scope and may use any address.</summary>
    public required IReadOnlyList<string> Seeds { get; init; }

    /// <summary>Most URLs fetched in the whole job (0 = no limit).</summary>
    public int MaxPages { get; init; }

    /// <summary>Deepest link depth followed, seeds being 0 (-1 = no limit).</summary>
    public int MaxDepth { get; init; } = -1;

    public ScopeMode Scope { get; init; } = ScopeMode.Host;

    public IReadOnlyList<string> Include { get; init; } = [];

    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Most fetches of the job in flight per silo.</summary>
    public int Concurrency { get; init; } = 64;

    /// <summary>Most fetches in flight per host (authority), cluster-wide.</summary>
    public int PerHostConcurrency { get; init; } = 2;

    public int PartitionCount { get; init; } = 64;

    public string UserAgent { get; init; } = DefaultUserAgent;

    /// <summary>The job's whole-fetch timeout and body limit, sent with each request with <see cref="UserAgent"/>.</summary>
    public TimeSpan FetchTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxBodyBytes { get; init; } = 10 * 1024 * 1024;

    public PolitenessOptions Politeness { get; init; } = PolitenessOptions.Default;

    public RetryOptions Retry { get; init; } = RetryOptions.Default;

    public TrapOptions Traps { get; init; } = TrapOptions.Default;

    /// <summary>Fetch loopback, private and link-local addresses reached by links or redirects (seed hosts always may).</summary>
    public bool AllowPrivate { get; init; }

    /// <summary>Seeds the retry jitter (with the partition), so a run can be reproduced.</summary>
    public int RandomSeed { get; init; } = 1;

    /// <summary>Keep the link graph: every outlink of every page (<c>--links</c>).</summary>
    public bool LinkGraph { get; init; }

    /// <summary>Archive every exchange as WARC files in this folder (<c>--warc</c>); null: no archive.</summary>
    public string? WarcDirectory { get; init; }

    /// <summary>WARC rotation size in bytes (0: the silo's default).</summary>
    public long WarcRotateBytes { get; init; }

    /// <summary>Keep each page's main content in this format (<c>--content</c>; None = not at all).</summary>
    public Core.Content.ContentFormat Content { get; init; }

    /// <summary>Field extraction rules (<c>--extract</c>); empty: no extraction.</summary>
    public IReadOnlyList<Core.Fields.FieldRuleSet> Fields { get; init; } = [];

    // Near duplicates (docs/dedup.md).

    /// <summary>Check every HTML page against the job's duplicate index (<c>--dedup</c>).</summary>
    public bool Dedup { get; init; }

    /// <summary>Do not follow the links of a page found to be a duplicate (<c>--skip-duplicates</c>).</summary>
    public bool SkipDuplicates { get; init; }
}
