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
        var pages = PageSlotsFor(settings.Concurrency);
        PageSlots = new SemaphoreSlim(pages, pages);
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

    /// <summary>URLs of this job on this silo between their fetch turn and their settle row: fetching, or fetched and
    /// waiting for the CPU (parse, features, stores). Without it only the fetches were bounded, so a silo short of CPU
    /// kept fetching pages it could not process, up to hosts × per-host workers of them: the queue of runnable work grew
    /// past the 30 s call timeout and the job's status calls failed (docs/scale.md). As Scrapy's downloader stops taking
    /// requests while its scraper holds too many responses, a URL takes one of these before its fetch slot and gives it
    /// back once its page is settled: <see cref="PageSlotsFor"/>.</summary>
    public SemaphoreSlim PageSlots { get; }

    /// <summary>Twice the fetch slots: as many pages waiting for the CPU as fetches in flight, so the fetches are not
    /// held back while the CPU keeps up, and the pages held in memory stay bounded by the job's concurrency (at most
    /// <see cref="int.MaxValue"/>: a job may ask for any positive concurrency).</summary>
    public static int PageSlotsFor(int concurrency) => (int)Math.Min(int.MaxValue, 2L * Math.Max(1, concurrency));

    /// <summary>The job's tag on measurements.</summary>
    public KeyValuePair<string, object?> Tag { get; }

    /// <summary>Where the job's fetches are archived on this silo (<c>--warc</c>); null: not archived.</summary>
    public Core.Ports.IExchangeRecorder? Recorder { get; init; }

    public bool WithinDepth(int depth) => Settings.MaxDepth < 0 || depth <= Settings.MaxDepth;
}
