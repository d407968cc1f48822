using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Politeness;
using OrleansCrawler.Core.Safety;
using OrleansCrawler.Core.Scope;
using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Grains.Jobs;

/// <summary>What a silo derives once from a job's spec and shares between the job's grains on that silo:
/// scope, partitioner, and the silo-wide cap on the job's fetches in flight.</summary>
public sealed class JobRuntime
{
    public JobRuntime(string jobId, JobSpec spec)
    {
        JobId = jobId;
        Spec = spec;
        Scope = new CrawlScope(ToScopeMode(spec.Scope), spec.Seeds, spec.Include, spec.Exclude);
        Partitioner = new HostPartitioner(spec.PartitionCount);
        FetchSlots = new SemaphoreSlim(spec.Concurrency, spec.Concurrency);
        Politeness = new PolitenessOptions(spec.MinDelay, spec.HostDelays, spec.MaxCrawlDelay);
        Retry = new RetryOptions(spec.MaxRetries, spec.HostRetryBudget, spec.RetryBaseDelay, spec.MaxRetryDelay, spec.MaxRetryAfter,
            spec.ParkAfterFailures, spec.ParkDuration, spec.MaxParks);
        Traps = TrapOptions.Default with { MaxUrlLength = spec.MaxUrlLength, HostPageBudget = spec.HostPageBudget, MaxQueryVariants = spec.MaxQueryVariants };
        Addresses = new AddressPolicy(spec.AllowPrivate, spec.Seeds.Select(Core.Urls.HostPartitioner.AuthorityOf));
    }

    public PolitenessOptions Politeness { get; }

    public RetryOptions Retry { get; }

    public TrapOptions Traps { get; }

    /// <summary>Which addresses may be fetched: the seeds' authorities always, private ones only with AllowPrivate.</summary>
    public AddressPolicy Addresses { get; }

    public string JobId { get; }

    public JobSpec Spec { get; }

    public CrawlScope Scope { get; }

    public HostPartitioner Partitioner { get; }

    /// <summary>Links of this job this silo has already handed to their partitions (see <see cref="Parsing.LinkRouter"/>).</summary>
    public RoutedLinkFilter RoutedLinks { get; } = new();

    /// <summary>Fetches of this job in flight on this silo (the <c>--concurrency</c> cap).</summary>
    public SemaphoreSlim FetchSlots { get; }

    public bool WithinDepth(int depth) => Spec.MaxDepth < 0 || depth <= Spec.MaxDepth;

    public static ScopeMode ToScopeMode(ScopeKind kind) => kind switch
    {
        ScopeKind.Host => ScopeMode.Host,
        ScopeKind.Domain => ScopeMode.Domain,
        ScopeKind.Any => ScopeMode.Any,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown scope"),
    };
}
