using OrleansCrawler.Core.Safety;
using OrleansCrawler.Core.Scope;
using OrleansCrawler.Core.Telemetry;
using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Pipeline.Jobs;

/// <summary>What a silo derives once from a job's settings and shares between the job's partitions and page pipelines on
/// that silo: scope, partitioner, address policy, the links already routed, and the silo-wide cap on the job's fetches
/// in flight.</summary>
public sealed class JobRuntime
{
    public JobRuntime(string jobId, JobSettings settings)
    {
        JobId = jobId;
        Settings = settings;
        Scope = new CrawlScope(settings.Scope, settings.Seeds, settings.Include, settings.Exclude);
        Partitioner = new HostPartitioner(settings.PartitionCount);
        FetchSlots = new SemaphoreSlim(settings.Concurrency, settings.Concurrency);
        Addresses = new AddressPolicy(settings.AllowPrivate, settings.Seeds.Select(HostPartitioner.AuthorityOf));
        Tag = CrawlerTelemetry.JobTag(jobId);
    }

    public string JobId { get; }

    public JobSettings Settings { get; }

    public CrawlScope Scope { get; }

    public HostPartitioner Partitioner { get; }

    /// <summary>Which addresses may be fetched: the seeds' authorities always, private ones only with AllowPrivate.</summary>
    public AddressPolicy Addresses { get; }

    /// <summary>Links of this job this silo has already handed to their partitions (see <see cref="Ports.ILinkRouter"/>).</summary>
    public RoutedLinkFilter RoutedLinks { get; } = new();

    /// <summary>Fetches of this job in flight on this silo (the <c>--concurrency</c> cap).</summary>
    public SemaphoreSlim FetchSlots { get; }

    /// <summary>The job's tag on measurements.</summary>
    public KeyValuePair<string, object?> Tag { get; }

    /// <summary>Where the job's fetches are archived on this silo (<c>--warc</c>); null: not archived.</summary>
    public Core.Ports.IExchangeRecorder? Recorder { get; init; }

    public bool WithinDepth(int depth) => Settings.MaxDepth < 0 || depth <= Settings.MaxDepth;
}
