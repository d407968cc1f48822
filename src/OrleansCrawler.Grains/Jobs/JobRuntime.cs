using OrleansCrawler.Abstractions.Jobs;
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
    }

    public string JobId { get; }

    public JobSpec Spec { get; }

    public CrawlScope Scope { get; }

    public HostPartitioner Partitioner { get; }

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
