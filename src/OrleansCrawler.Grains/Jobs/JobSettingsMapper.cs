using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Content;
using OrleansCrawler.Core.Politeness;
using OrleansCrawler.Core.Safety;
using OrleansCrawler.Core.Scope;
using OrleansCrawler.Pipeline.Jobs;

namespace OrleansCrawler.Grains.Jobs;

/// <summary>Maps a job's wire spec to the pipeline's <see cref="JobSettings"/>.</summary>
public static class JobSettingsMapper
{
    public static JobSettings ToSettings(this JobSpec spec) => new()
    {
        Seeds = spec.Seeds,
        MaxPages = spec.MaxPages,
        MaxDepth = spec.MaxDepth,
        Scope = ToScopeMode(spec.Scope),
        Include = spec.Include,
        Exclude = spec.Exclude,
        Concurrency = spec.Concurrency,
        PerHostConcurrency = spec.PerHostConcurrency,
        PartitionCount = spec.PartitionCount,
        UserAgent = spec.UserAgent,
        FetchTimeout = spec.FetchTimeout,
        MaxBodyBytes = spec.MaxBodyBytes,
        Politeness = new PolitenessOptions(spec.MinDelay, spec.HostDelays, spec.MaxCrawlDelay)
        {
            Adaptive = spec.AdaptiveDelay ? AdaptiveDelay.Default : null,
        },
        Retry = new RetryOptions(spec.MaxRetries, spec.HostRetryBudget, spec.RetryBaseDelay, spec.MaxRetryDelay, spec.MaxRetryAfter,
            spec.ParkAfterFailures, spec.ParkDuration, spec.MaxParks),
        Traps = TrapOptions.Default with { MaxUrlLength = spec.MaxUrlLength, HostPageBudget = spec.HostPageBudget, MaxQueryVariants = spec.MaxQueryVariants,
            MaxPathVariants = spec.MaxPathVariants },
        AllowPrivate = spec.AllowPrivate,
        RandomSeed = spec.RandomSeed,
        LinkGraph = spec.LinkGraph,
        WarcDirectory = spec.WarcDirectory,
        WarcRotateBytes = spec.WarcRotateBytes,
        Content = ToContentFormat(spec.Content),
        Fields = FieldRulesMapper.ToRules(spec.ExtractRules),
        Dedup = spec.Dedup || spec.SkipDuplicates,
        SkipDuplicates = spec.SkipDuplicates,
    };

    /// <summary>The <c>--content</c> format of a spec; an unknown name is an error (the CLI validates it first).</summary>
    public static ContentFormat ToContentFormat(string? content) => content?.ToLowerInvariant() switch
    {
        null or "" or "none" => ContentFormat.None,
        "text" => ContentFormat.Text,
        "markdown" => ContentFormat.Markdown,
        "html" => ContentFormat.Html,
        _ => throw new ArgumentOutOfRangeException(nameof(content), content, "unknown content format (none, text, markdown, html)"),
    };

    public static ScopeMode ToScopeMode(ScopeKind kind) => kind switch
    {
        ScopeKind.Host => ScopeMode.Host,
        ScopeKind.Domain => ScopeMode.Domain,
        ScopeKind.Any => ScopeMode.Any,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown scope"),
    };
}
