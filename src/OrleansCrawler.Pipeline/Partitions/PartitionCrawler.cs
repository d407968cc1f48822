using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Frontier;
using OrleansCrawler.Pipeline.Jobs;
using OrleansCrawler.Pipeline.Stages;
using static OrleansCrawler.Core.Telemetry.CrawlerTelemetry;

namespace OrleansCrawler.Pipeline.Partitions;

/// <summary>The crawl of one partition of a job: its frontier (<see cref="PartitionFrontier"/>), its workers, and the
/// stages each URL goes through (<see cref="UrlPipeline"/>, then <see cref="SettleStage"/>). The partition grain owns
/// one per activation and runs it on its scheduler, so nothing here is locked; the grain keeps what only a grain can do
/// (its key, activation, the calls it takes, the grains it calls through the pipeline's ports).
/// <para>A worker crawls one authority's URLs one at a time until its queue is empty (at most <c>--per-host</c> workers
/// per authority), waiting when only retries that are not yet due remain. A settled URL is durable before its worker
/// takes the next one; a URL whose attempt failed in the crawler's own machinery (a grain call that timed out, a store
/// that is away) goes back for another try, 1 s doubling to 30 s apart, <see cref="MaxInternalAttempts"/> times, before
/// it is recorded as failed ("internal").</para></summary>
public sealed partial class PartitionCrawler
{
    public const int MaxInternalAttempts = 12;

    private readonly UrlPipeline _pipeline;
    private readonly SettleStage _settle;
    private readonly ErrorTally _errors;
    private readonly PartitionDrain _drain;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _silo;

    internal PartitionCrawler(JobRuntime job, int partition, PartitionFrontier frontier, PartitionControl control, UrlPipeline pipeline,
        SettleStage settle, ErrorTally errors, PartitionDrain drain, TimeProvider time, ILogger logger, string silo)
    {
        (Job, Partition, Frontier, Control) = (job, partition, frontier, control);
        (_pipeline, _settle, _errors, _drain, _time, _logger, _silo) = (pipeline, settle, errors, drain, time, logger, silo);
    }

    public JobRuntime Job { get; }

    public int Partition { get; }

    public PartitionFrontier Frontier { get; }

    public PartitionControl Control { get; }

    /// <summary>The stages before the fetch, in order.</summary>
    public IReadOnlyList<IUrlStage> Stages => _pipeline.Stages;

    /// <summary>Settled URLs by kind of error.</summary>
    public IReadOnlyDictionary<string, long> Errors => _errors.Counts;

    /// <summary>Puts back a row read from the frontier store (see <see cref="PartitionFrontier.Restore"/>).</summary>
    public void Restore(FrontierRow row)
    {
        Frontier.Restore(row, out _);
        if (row.ErrorKind is { } kind)
        {
            _errors.Restore(kind);
        }
    }

    /// <summary>Claims a worker for the authority when the partition may crawl and the authority has more queued URLs than
    /// workers, under the per-host cap; the caller then runs <see cref="WorkAsync"/> for it.</summary>
    public bool TryStartWorker(string authority) =>
        !Control.Paused && !Control.Leaving && !_drain.IsDraining && Frontier.TryStartWorker(authority);

    /// <summary>Stops the crawl: nothing new starts, queued URLs are settled as skipped; URLs in flight finish.</summary>
    public void Stop()
    {
        Control.Stopped = true;
        Frontier.DropQueued();
    }

    /// <summary>Reports the queue in the frontier-size metric until <see cref="Leave"/>.</summary>
    public void TrackQueue()
    {
        var tags = new[] { Job.Tag, new KeyValuePair<string, object?>(Attributes.Partition, Partition) };
        TrackFrontier(this, () => new Measurement<long>(Frontier.Queued, tags));
    }

    /// <summary>The activation ends: workers take no new URL.</summary>
    public void Leave()
    {
        Control.Leaving = true;
        UntrackFrontier(this);
    }

    /// <summary>One of an authority's workers: crawls its URLs one at a time until its queue is empty.</summary>
    public async Task WorkAsync(string authority)
    {
        while (true)
        {
            if (Control.Paused || Control.Leaving || _drain.IsDraining)
            {
                Frontier.ReleaseWorker(authority);
                return;
            }

            var take = Frontier.Take(authority, _time.GetUtcNow(), out var entry, out var due);
            if (take == TakeKind.Ended)
            {
                return;
            }

            if (take == TakeKind.Wait)
            {
                var wait = due - _time.GetUtcNow();
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _time);
                continue;
            }

            // Held until settled and durable (or put back): what a stopping silo waits for (PartitionDrain).
            _drain.Taken();
            try
            {
                await CrawlAsync(entry);
            }
            finally
            {
                _drain.Done();
            }
        }
    }

    private async Task CrawlAsync(FrontierEntry entry)
    {
        Settlement result;
        using var page = StartPage(entry);
        try
        {
            result = await _pipeline.RunAsync(new UrlContext(entry, Frontier.Politeness(entry.Authority)));
        }
        catch (Exception ex) when (entry.Attempt + 1 < MaxInternalAttempts && !Control.Stopped)
        {
            // Our own machinery failed (a grain call timed out or its silo died, a store is away): the URL goes back
            // for another try rather than being lost or recorded as a page failure.
            LogCrawlRetried(_logger, ex, entry.Url, entry.Attempt + 1);
            Frontier.Requeue(entry, _time.GetUtcNow() + InternalRetryDelay(entry.Attempt));
            result = Settlement.Requeued;
        }
        catch (Exception ex)
        {
            // A bad page must never take the partition down: record the failure and go on.
            LogCrawlFailed(_logger, ex, entry.Url);
            result = new Settlement(CrawlOutcome.Failed, 0, "internal");
        }

        page?.SetTag(Attributes.Outcome, result.Outcome?.ToString() ?? "Retry");
        await _settle.SettleAsync(entry, result);
    }

    private static TimeSpan InternalRetryDelay(int attempt) => TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, attempt)));

    /// <summary>The span of one URL's attempt: a root (its trace holds robots, fetch, parse, store and routing), linked
    /// to the span of the page that discovered it.</summary>
    private Activity? StartPage(FrontierEntry entry) =>
        StartLinkedRoot(Spans.Page, entry.TraceParent)?
            .SetTag(Attributes.Job, Job.JobId).SetTag(Attributes.Url, entry.Url).SetTag(Attributes.Host, entry.Authority)
            .SetTag(Attributes.Partition, Partition).SetTag(Attributes.Depth, entry.Depth).SetTag(Attributes.Silo, _silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Crawling {Url} failed")]
    private static partial void LogCrawlFailed(ILogger logger, Exception exception, string url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Crawling {Url} failed in the crawler itself, trying again (attempt {Attempt})")]
    private static partial void LogCrawlRetried(ILogger logger, Exception exception, string url, int attempt);
}
