using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OrleansCrawler.Abstractions.Frontier;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Frontier;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;
using OrleansCrawler.Grains.Jobs;
using OrleansCrawler.Grains.Parsing;
using OrleansCrawler.Pipeline.Jobs;
using OrleansCrawler.Pipeline.Partitions;
using static OrleansCrawler.Core.Telemetry.CrawlerTelemetry;

namespace OrleansCrawler.Grains.Frontier;

/// <summary>Owns one partition of a job's hosts: what only a grain can do around the partition's crawl
/// (<see cref="PartitionCrawler"/>: the frontier, its workers and the stages of each URL). Its key, its activation (the
/// frontier rebuilt from the store), the calls it takes (enqueue, pause, stop, status), and the grains the stages reach
/// through their ports: the job grain for the page budget, the parser grain on this silo for each fetched page.
/// Workers run on the grain's scheduler (single-threaded, no locks) but outside any request, so the grain keeps taking
/// Enqueue calls while many fetches are in flight.
/// <para>Persistence (<see cref="FrontierJournal"/>): accepted URLs are durable before Enqueue returns, and a settled
/// URL is durable before its worker takes the next one. On activation the partition reads its job from the job store
/// and, for a running or paused job, rebuilds its seen-set, queues and counters from the frontier store; URLs that
/// were in flight when its previous activation died are crawled again (at-least-once; results are upserted).
/// A silo that stops gracefully lets its in-flight URLs settle first (<see cref="PartitionDrain"/>).</para>
/// <para>Placed by <see cref="PartitionPlacement"/>: a job's partitions dealt round the silos in turn, whichever grain
/// activates them and however busy each silo looked at that moment; after a silo leaves, its partitions are dealt over
/// the others.</para></summary>
[PartitionPlacement]
public sealed partial class UrlPartitionGrain(
    JobRuntimeRegistry jobs,
    PartitionCrawlerFactory crawlers,
    FrontierJournal journal,
    IJobStore jobStore,
    CrawlerHealth health,
    PartitionHostsKeeper hostsKeeper,
    TimeProvider time,
    ILogger<UrlPartitionGrain> logger) : Grain, IUrlPartitionGrain
{
    private string _jobId = "";
    private int _partition;
    private PartitionCrawler? _crawler;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_jobId, _partition) = PartitionKey.Parse(this.GetPrimaryKeyString());
        // A partition of a running job that reactivates (its silo died or left, the cluster restarted, the crawl is
        // resumed) rebuilds itself before it takes any call. A new job's record is saved before its partitions start.
        if (await jobStore.GetAsync(_jobId, cancellationToken) is { } record
            && JobRecordMapper.StatusOf(record).State is var state && state is JobState.Running or JobState.Paused)
        {
            await InitializeAsync(JobRecordMapper.SpecOf(record), state == JobState.Paused, cancellationToken);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Start nothing new. No waiting here for the URLs in flight: Orleans holds calls to a deactivating grain, and
        // finishing a page needs Enqueue calls to this very partition (its links to its own hosts), so such a wait
        // only ends at the deactivation timeout. A silo that stops has drained them before (PartitionDrain); any
        // still unsettled is crawled again by the next activation.
        _crawler?.Leave();
        // Its hosts for the hosts view once it is gone (bounded, never throws). An activation that never started a
        // crawl (asked about an ended job) saves nothing, so it never hides the summary saved before.
        if (_crawler is { } crawler)
        {
            await hostsKeeper.SaveAsync(_jobId, _partition, now => PartitionHosts.Of(crawler, now), cancellationToken);
        }
    }

    public async Task StartAsync(JobSpec spec)
    {
        if (_crawler is null)
        {
            await InitializeAsync(spec, paused: false, CancellationToken.None);
        }
    }

    private async Task InitializeAsync(JobSpec spec, bool paused, CancellationToken cancellationToken)
    {
        var job = jobs.GetOrAdd(_jobId, spec.ToSettings());
        var crawler = crawlers.Create(job, _partition, RuntimeIdentity, new JobBudget(GrainFactory, _jobId, time), new ParserGrainPages(GrainFactory));
        var restored = 0L;
        await foreach (var row in journal.LoadAsync(_jobId, _partition, cancellationToken))
        {
            crawler.Restore(row);
            restored++;
        }

        crawler.Control.Paused = paused;
        _crawler = crawler;
        crawler.TrackQueue();
        if (restored > 0)
        {
            LogRestored(logger, this.GetPrimaryKeyString(), restored, crawler.Frontier.Queued);
            StartWorkers(crawler.Frontier.AuthoritiesWithQueue().ToList());
        }
    }

    public Task<ImmutableArray<HostView>> GetHostsAsync() =>
        Task.FromResult(_crawler is null ? [] : PartitionHosts.Of(_crawler, time.GetUtcNow()));

    public async Task EnqueueAsync(ImmutableArray<CrawlRequest> requests)
    {
        var crawler = _crawler ?? throw new InvalidOperationException($"Partition {this.GetPrimaryKeyString()} was not started.");
        if (crawler.Control.Stopped)
        {
            return;
        }

        using var span = Source.StartActivity(Spans.Enqueue);
        List<FrontierAppend>? appends = null;
        foreach (var request in requests)
        {
            if (crawler.Frontier.Offer(request.Url, request.Depth, out var authority, request.TraceParent))
            {
                (appends ??= []).Add(FrontierAppend.Of(_jobId, _partition, request.Url, request.Depth));
                StartWorkers(authority);
            }
        }

        span?.SetTag(Attributes.Job, _jobId).SetTag(Attributes.Partition, _partition).SetTag(Attributes.Silo, RuntimeIdentity)
            .SetTag(Attributes.Count, requests.Length).SetTag(Attributes.Accepted, appends?.Count ?? 0);
        if (appends is not null)
        {
            // The caller settles the page that linked here only after this returns: a crash before the append is
            // durable leaves that page unsettled, so it is crawled again and the links found again.
            await journal.AppendAsync(appends);
        }
    }

    public Task SetPausedAsync(bool paused)
    {
        if (_crawler is { } crawler)
        {
            crawler.Control.Paused = paused;
            if (!paused)
            {
                StartWorkers(crawler.Frontier.AuthoritiesWithQueue().ToList());
            }
        }

        return Task.CompletedTask;
    }

    public Task<PartitionStatus> GetStatusAsync()
    {
        if (_crawler is not { } crawler)
        {
            return Task.FromResult(new PartitionStatus(true, CrawlCounters.Zero, ImmutableDictionary<string, long>.Empty));
        }

        var f = crawler.Frontier;
        var counters = new CrawlCounters(f.Accepted, f.Settled, f.Fetched, f.Failed, f.RobotsDenied, f.Skipped, f.Queued, f.InFlight, f.Bytes,
            f.Retries, f.Refused, f.HostsParked, f.HostsGivenUp);
        return Task.FromResult(new PartitionStatus(f.IsIdle, counters, crawler.Errors.ToImmutableDictionary(), health.Problem));
    }

    public Task StopAsync()
    {
        _crawler?.Stop();
        return Task.CompletedTask;
    }

    private void StartWorkers(IEnumerable<string> authorities)
    {
        foreach (var authority in authorities)
        {
            StartWorkers(authority);
        }
    }

    private void StartWorkers(string authority)
    {
        while (_crawler!.TryStartWorker(authority))
        {
            _ = RunWorkerAsync(_crawler, authority);
        }
    }

    private async Task RunWorkerAsync(PartitionCrawler crawler, string authority)
    {
        // Workers outlive the call that started them: they must not hang their pages under its span, nor send its
        // trace context (which Orleans keeps in the request context) with their own grain calls.
        Activity.Current = null;
        RequestContext.Clear();
        await crawler.WorkAsync(authority);
        if (crawler.Frontier.IsIdle && !crawler.Control.Stopped && !crawler.Control.Leaving)
        {
            // The last worker out: tell the job at once (one-way), so that it need not wait for its next poll to see it.
            _ = GrainFactory.GetGrain<ICrawlJobGrain>(_jobId).PartitionIdleAsync(_partition, crawler.Frontier.Accepted);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Partition {Partition} restored {Rows} URLs from the frontier store, {Queued} to crawl")]
    private static partial void LogRestored(ILogger logger, string partition, long rows, long queued);
}
