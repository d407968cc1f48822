using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using OrleansCrawler.Abstractions.Frontier;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Abstractions.Parsing;
using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Frontier;
using OrleansCrawler.Core.Results;
using OrleansCrawler.Core.Politeness;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Robots;
using OrleansCrawler.Core.Safety;
using OrleansCrawler.Core.Telemetry;
using OrleansCrawler.Grains.Jobs;
using OrleansCrawler.Grains.Parsing;
using static OrleansCrawler.Core.Telemetry.CrawlerTelemetry;

namespace OrleansCrawler.Grains.Frontier;

/// <summary>Owns the frontier of one partition of a job's hosts. Enqueue calls only queue; fetching runs in
/// per-host workers started from the grain (on its scheduler, so single-threaded), which keep many fetches in
/// flight while the grain goes on taking calls. Workers wait for their host's politeness clock and for retries
/// with <see cref="Task.Delay(TimeSpan, TimeProvider)"/>; every decision (clock, retry, traps, addresses) is Core's.
/// <para>Persistence (<see cref="FrontierJournal"/>): accepted URLs are durable before Enqueue returns, and a settled
/// URL is durable before its worker takes the next one. On activation the partition reads its job from the job store
/// and, for a running or paused job, rebuilds its seen-set, queues and counters from the frontier store; URLs that
/// were in flight when its previous activation died are crawled again (at-least-once; results are upserted).
/// A silo that stops gracefully lets its in-flight URLs settle first (<see cref="PartitionDrain"/>).</para>
/// <para>Placed by a hash of its key over the silos (a job's partitions spread evenly, whichever grain activates them
/// and however busy each silo looked at that moment); after a silo leaves, its partitions rehash onto the others.</para></summary>
[HashBasedPlacement]
public sealed partial class UrlPartitionGrain(
    JobRuntimeRegistry jobs,
    IPageFetcher fetcher,
    IHostResolver resolver,
    FrontierJournal journal,
    IJobStore jobStore,
    CrawlerHealth health,
    PartitionDrain drain,
    TimeProvider time,
    ILogger<UrlPartitionGrain> logger) : Grain, IUrlPartitionGrain
{
    /// <summary>Failures of the crawler's own machinery (a grain call that timed out, a store that is away) put the
    /// URL back for another try this many times, 1 s doubling to 30 s apart (about 5 minutes), before it is recorded
    /// as failed.</summary>
    private const int MaxInternalAttempts = 12;

    private RobotsCache? _robots;
    private string _jobId = "";
    private int _partition;
    private JobRuntime? _job;
    private PartitionFrontier? _frontier;
    private readonly Dictionary<string, long> _errors = new(StringComparer.Ordinal);
    private TrapPolicy? _traps;
    private RetryPolicy? _retry;
    private bool _budgetSpent;
    private bool _stopped;
    private bool _paused;
    private bool _leaving;
    private KeyValuePair<string, object?> _jobTag;
    private IPageParserGrain? _parser;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_jobId, _partition) = PartitionKey.Parse(this.GetPrimaryKeyString());
        _jobTag = JobTag(_jobId);
        // A partition of a running job that reactivates (its silo died or left, the cluster restarted, the crawl is
        // resumed) rebuilds itself before it takes any call. A new job's record is saved before its partitions start.
        if (await jobStore.GetAsync(_jobId, cancellationToken) is { } record
            && JobRecordMapper.StatusOf(record).State is var state && state is JobState.Running or JobState.Paused)
        {
            await InitializeAsync(JobRecordMapper.SpecOf(record), state == JobState.Paused, cancellationToken);
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Start nothing new. No waiting here for the URLs in flight: Orleans holds calls to a deactivating grain, and
        // finishing a page needs Enqueue calls to this very partition (its links to its own hosts), so such a wait
        // only ends at the deactivation timeout. A silo that stops has drained them before (PartitionDrain); any
        // still unsettled is crawled again by the next activation.
        _leaving = true;
        UntrackFrontier(this);
        return Task.CompletedTask;
    }

    public async Task StartAsync(JobSpec spec)
    {
        if (_job is null)
        {
            await InitializeAsync(spec, paused: false, CancellationToken.None);
        }
    }

    private async Task InitializeAsync(JobSpec spec, bool paused, CancellationToken cancellationToken)
    {
        var job = jobs.GetOrAdd(_jobId, spec);
        var frontier = new PartitionFrontier(spec.PerHostConcurrency, spec.MaxDepth, job.Politeness);
        var restored = 0L;
        await foreach (var row in journal.LoadAsync(_jobId, _partition, cancellationToken))
        {
            frontier.Restore(row, out _);
            restored++;
            if (row.ErrorKind is { } kind)
            {
                _errors[kind] = _errors.GetValueOrDefault(kind) + 1;
            }
        }

        _job = job;
        _frontier = frontier;
        _paused = paused;
        _traps = new TrapPolicy(job.Traps);
        _retry = new RetryPolicy(job.Retry, unchecked((spec.RandomSeed * 7919) + _partition));
        var tags = new[] { _jobTag, new KeyValuePair<string, object?>(Attributes.Partition, _partition) };
        TrackFrontier(this, () => new Measurement<long>(frontier.Queued, tags));
        if (restored > 0)
        {
            LogRestored(logger, this.GetPrimaryKeyString(), restored, frontier.Queued);
            foreach (var authority in frontier.AuthoritiesWithQueue().ToList())
            {
                StartWorkers(authority);
            }
        }
    }

    public async Task EnqueueAsync(ImmutableArray<CrawlRequest> requests)
    {
        var frontier = _frontier ?? throw new InvalidOperationException($"Partition {this.GetPrimaryKeyString()} was not started.");
        if (_stopped)
        {
            return;
        }

        using var span = Source.StartActivity(Spans.Enqueue);
        List<FrontierAppend>? appends = null;
        foreach (var request in requests)
        {
            if (frontier.Offer(request.Url, request.Depth, out var authority, request.TraceParent))
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
        _paused = paused;
        if (!paused && _frontier is { } frontier)
        {
            foreach (var authority in frontier.AuthoritiesWithQueue())
            {
                StartWorkers(authority);
            }
        }

        return Task.CompletedTask;
    }

    private void StartWorkers(string authority)
    {
        while (!_paused && !_leaving && !drain.IsDraining && _frontier!.TryStartWorker(authority))
        {
            _ = RunWorkerAsync(authority);
        }
    }

    public Task<PartitionStatus> GetStatusAsync()
    {
        var f = _frontier;
        if (f is null)
        {
            return Task.FromResult(new PartitionStatus(true, CrawlCounters.Zero, ImmutableDictionary<string, long>.Empty));
        }

        var counters = new CrawlCounters(f.Accepted, f.Settled, f.Fetched, f.Failed, f.RobotsDenied, f.Skipped, f.Queued, f.InFlight, f.Bytes,
            f.Retries, f.Refused, f.HostsParked, f.HostsGivenUp);
        return Task.FromResult(new PartitionStatus(f.IsIdle, counters, _errors.ToImmutableDictionary(), health.Problem));
    }

    public Task StopAsync()
    {
        _stopped = true;
        _frontier?.DropQueued();
        return Task.CompletedTask;
    }

    /// <summary>One of an authority's workers: crawls its URLs one at a time until its queue is empty, waiting
    /// when only retries that are not yet due remain.</summary>
    private async Task RunWorkerAsync(string authority)
    {
        // Workers outlive the call that started them: they must not hang their pages under its span, nor send its
        // trace context (which Orleans keeps in the request context) with their own grain calls.
        Activity.Current = null;
        RequestContext.Clear();
        var frontier = _frontier!;
        while (true)
        {
            if (_paused || _leaving || drain.IsDraining)
            {
                frontier.ReleaseWorker(authority);
                return;
            }

            var take = frontier.Take(authority, time.GetUtcNow(), out var entry, out var due);
            if (take == TakeKind.Ended)
            {
                return;
            }

            if (take == TakeKind.Wait)
            {
                await Task.Delay(Positive(due - time.GetUtcNow()), time);
                continue;
            }

            // Held until settled and durable (or put back): what a stopping silo waits for (PartitionDrain).
            drain.Taken();
            try
            {
                Settlement result;
                using var page = StartPage(entry);
                try
                {
                    result = await CrawlAsync(entry);
                }
                catch (Exception ex) when (entry.Attempt + 1 < MaxInternalAttempts && !_stopped)
                {
                    // Our own machinery failed (a grain call timed out or its silo died, a store is away): the URL goes
                    // back for another try rather than being lost or recorded as a page failure.
                    LogCrawlRetried(logger, ex, entry.Url, entry.Attempt + 1);
                    frontier.Requeue(entry, time.GetUtcNow() + InternalRetryDelay(entry.Attempt));
                    result = default;
                }
                catch (Exception ex)
                {
                    // A bad page must never take the partition down: record the failure and go on.
                    LogCrawlFailed(logger, ex, entry.Url);
                    result = new Settlement(CrawlOutcome.Failed, 0, "internal");
                    Tally("internal");
                }

                page?.SetTag(Attributes.Outcome, result.Outcome?.ToString() ?? "Retry");
                // Null: put back for a retry, so still queued, not settled.
                if (result.Outcome is { } settled)
                {
                    // Durable before this worker takes its next URL: after a crash, only what was in flight is crawled
                    // again. A page that went through the parser is durable already (PageHandoff).
                    if (!result.Durable)
                    {
                        await journal.SettleAsync(SettleOf(entry, result));
                    }

                    frontier.Settle(settled, result.Bytes);
                    Measure(settled, result.Bytes);
                }
            }
            finally
            {
                drain.Done();
            }
        }
    }

    /// <summary>The parser (a stateless worker, so an activation on this silo), resolved once.</summary>
    private IPageParserGrain Parser => _parser ??= GrainFactory.GetGrain<IPageParserGrain>(0);

    private static TimeSpan InternalRetryDelay(int attempt) => TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, attempt)));

    /// <summary>How a URL was settled (null outcome: put back for a retry), with its bytes and kind of error; durable
    /// when its settle row is written already.</summary>
    private readonly record struct Settlement(CrawlOutcome? Outcome, long Bytes, string? ErrorKind, bool Durable = false)
    {
        public static implicit operator Settlement(CrawlOutcome outcome) => new(outcome, 0, null);
    }

    /// <summary>Crawls one URL; a null outcome means it was put back into the frontier for a retry.</summary>
    private async Task<Settlement> CrawlAsync(FrontierEntry entry)
    {
        var job = _job!;
        var host = _frontier!.Politeness(entry.Authority);
        if (host.IsGivenUp)
        {
            return await RecordAsync(entry, host.GivenUpReason!, CrawlOutcome.Failed);
        }

        var url = new Uri(entry.Url);
        if (entry.Attempt == 0)
        {
            var refusal = _traps!.Check(entry.Url, entry.Authority) ?? await CheckAddressAsync(url, entry.Authority);
            if (refusal is not null)
            {
                return await RecordAsync(entry, refusal, CrawlOutcome.Refused);
            }
        }

        RobotsEntry rules;
        bool allowed;
        using (var robots = Source.StartActivity(Spans.Robots))
        {
            rules = await GetRobotsAsync(url);
            allowed = rules.IsAllowed(url.PathAndQuery);
            robots?.SetTag(Attributes.Host, entry.Authority).SetTag(Attributes.Allowed, allowed);
        }

        host.SetCrawlDelay(rules.CrawlDelay);
        if (!allowed)
        {
            return CrawlOutcome.RobotsDenied;
        }

        // A retry was paid for by its first attempt.
        if (_stopped || (entry.Attempt == 0 && !await TakeBudgetAsync()))
        {
            return CrawlOutcome.Skipped;
        }

        var waitStarted = time.GetTimestamp();
        var turn = await WaitForTurnAsync(host);
        PolitenessWait.Record(time.GetElapsedTime(waitStarted).TotalSeconds, _jobTag);
        if (!turn.Granted)
        {
            return _stopped ? CrawlOutcome.Skipped : await RecordAsync(entry, host.GivenUpReason!, CrawlOutcome.Failed);
        }

        FetchResult result;
        using (var span = Source.StartActivity(Spans.Fetch))
        {
            span?.SetTag(Attributes.Url, entry.Url).SetTag(Attributes.Host, entry.Authority).SetTag(Attributes.Partition, _partition)
                .SetTag(Attributes.Depth, entry.Depth).SetTag(Attributes.Silo, RuntimeIdentity);
            InFlight.Add(1, _jobTag);
            var started = time.GetTimestamp();
            try
            {
                result = await (turn.Sent is { } sent ? fetcher.FetchAsync(url, job.Addresses, sent) : fetcher.FetchAsync(url, job.Addresses));
            }
            finally
            {
                job.FetchSlots.Release();
                InFlight.Add(-1, _jobTag);
                FetchDuration.Record(time.GetElapsedTime(started).TotalSeconds, _jobTag);
            }

            span?.SetTag(Attributes.StatusCode, result.Status).SetTag(Attributes.Bytes, result.Bytes);
            if (result.Error is not null)
            {
                span?.SetStatus(ActivityStatusCode.Error, result.Error);
            }
        }

        Activity.Current?.SetTag(Attributes.StatusCode, result.Status).SetTag(Attributes.Bytes, result.Bytes);

        var wasGivenUp = host.IsGivenUp;
        var decision = _retry!.Decide(result.Status, result.Error, result.RetryAfter, entry.Attempt, host, time.GetUtcNow());
        if (host.IsGivenUp && !wasGivenUp)
        {
            LogHostGivenUp(logger, entry.Authority, host.GivenUpReason!);
        }

        if (decision.Action == RetryAction.Retry)
        {
            _frontier.Requeue(entry, decision.Due);
            return default;
        }

        var error = decision.Action == RetryAction.GiveUp ? decision.Reason : result.Error;
        var kind = Tally(ErrorKind.Of(result.Status, error));
        var page = new PageFetched(_jobId, entry.Url, result.FinalUrl.AbsoluteUri, entry.Depth, result.Status,
            result.ContentType, result.Bytes, result.FetchedAt, error, error is null && result.IsHtml && result.Status == 200 ? result.Body : null,
            result.RobotsTag, result.RedirectTo);
        var settlement = new Settlement(error is null ? CrawlOutcome.Fetched : CrawlOutcome.Failed, result.Bytes, kind);
        await PageHandoff.ProcessThenSettleAsync(Parser, page, journal, SettleOf(entry, settlement));
        return settlement with { Durable = true };
    }

    private FrontierSettle SettleOf(FrontierEntry entry, Settlement settlement) =>
        FrontierSettle.Of(_jobId, _partition, entry.Url, settlement.Outcome!.Value, settlement.Bytes, settlement.ErrorKind);

    /// <summary>Waits until the host's clock lets a request start and a silo-wide fetch slot is free, then marks
    /// the start (no await between the check and the mark). Also waits while the host's last request has not gone out.
    /// On a granted turn the caller holds a slot and releases it, and marks <see cref="Turn.Sent"/> (with a delay in
    /// force) when its request goes out. Not granted when the host was given up or the job stopped meanwhile.</summary>
    private async Task<Turn> WaitForTurnAsync(HostPoliteness host)
    {
        var slots = _job!.FetchSlots;
        while (true)
        {
            if (host.IsGivenUp || _stopped)
            {
                return default;
            }

            if (host.Unsent is { } unsent)
            {
                await unsent;
                continue;
            }

            var wait = host.WaitTime(time.GetUtcNow());
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time);
                continue;
            }

            await slots.WaitAsync();
            if (!host.IsGivenUp && !_stopped && host.Unsent is null && host.WaitTime(time.GetUtcNow()) == TimeSpan.Zero)
            {
                var sent = host.Delay > TimeSpan.Zero ? new RequestSent(time) : null;
                host.OnStart(time.GetUtcNow(), sent);
                return new Turn(true, sent);
            }

            slots.Release();
        }
    }

    /// <summary>A turn to fetch: granted or not, and what to mark when the request goes out (null: no delay in force).</summary>
    private readonly record struct Turn(bool Granted, RequestSent? Sent);

    /// <summary>Null when the URL's host resolves to an address the job may fetch, else the reason.</summary>
    private async Task<string?> CheckAddressAsync(Uri url, string authority)
    {
        var addresses = _job!.Addresses;
        return addresses.AllowPrivate ? null : addresses.Check(authority, await resolver.ResolveAsync(url.IdnHost));
    }

    /// <summary>Stores a URL that was not fetched, with the reason as its error.</summary>
    private async Task<Settlement> RecordAsync(FrontierEntry entry, string reason, CrawlOutcome outcome)
    {
        var page = new PageFetched(_jobId, entry.Url, entry.Url, entry.Depth, 0, null, 0, time.GetUtcNow(), reason, null);
        var settlement = new Settlement(outcome, 0, Tally(ErrorKind.Of(0, reason)));
        await PageHandoff.ProcessThenSettleAsync(Parser, page, journal, SettleOf(entry, settlement));
        return settlement with { Durable = true };
    }

    /// <summary>Counts a settled URL's error by kind (for status and watch); returns the kind.</summary>
    private string? Tally(string? kind)
    {
        if (kind is not null)
        {
            _errors[kind] = _errors.GetValueOrDefault(kind) + 1;
            Errors.Add(1, _jobTag, new KeyValuePair<string, object?>(Attributes.ErrorKind, kind));
        }

        return kind;
    }

    /// <summary>The meter's side of <see cref="PartitionFrontier.Settle"/>: the same settled URL, counted once for the
    /// job counters (status, watch, the run progress) and once for the metrics.</summary>
    private void Measure(CrawlOutcome outcome, long bytes)
    {
        if (outcome == CrawlOutcome.Fetched)
        {
            PagesFetched.Add(1, _jobTag);
        }
        else if (outcome == CrawlOutcome.RobotsDenied)
        {
            RobotsDenied.Add(1, _jobTag);
        }

        if (bytes > 0)
        {
            Bytes.Add(bytes, _jobTag);
        }
    }

    /// <summary>The span of one URL's crawl: a root (its trace holds robots, fetch, parse, store and routing), linked
    /// to the span of the page that discovered it.</summary>
    private Activity? StartPage(FrontierEntry entry) =>
        StartLinkedRoot(Spans.Page, entry.TraceParent)?
            .SetTag(Attributes.Job, _jobId).SetTag(Attributes.Url, entry.Url).SetTag(Attributes.Host, entry.Authority)
            .SetTag(Attributes.Partition, _partition).SetTag(Attributes.Depth, entry.Depth).SetTag(Attributes.Silo, RuntimeIdentity);

    private static TimeSpan Positive(TimeSpan wait) => wait > TimeSpan.Zero ? wait : TimeSpan.Zero;

    private async Task<bool> TakeBudgetAsync()
    {
        if (_job!.Spec.MaxPages <= 0)
        {
            return true;
        }

        if (_budgetSpent)
        {
            return false;
        }

        var job = GrainFactory.GetGrain<ICrawlJobGrain>(_jobId);
        var granted = await GrainRetry.CallAsync(() => job.AcquireBudgetAsync(1), time);
        _budgetSpent = granted == 0;
        return granted > 0;
    }

    /// <summary>robots.txt of the URL's authority from the partition's <see cref="RobotsCache"/> (RFC 9309: 2xx parsed,
    /// 4xx allow all, 5xx/unreachable disallow all and retried later, cached with expiry). The entry also carries the
    /// capped Crawl-delay (<c>entry.CrawlDelay</c>), and <c>_robots.CrawlDelayOf(url)</c> reads it without a fetch.</summary>
    private Task<RobotsEntry> GetRobotsAsync(Uri url)
    {
        _robots ??= new RobotsCache(fetcher, _job!.Spec.UserAgent,
            ServiceProvider.GetService<IOptions<RobotsOptions>>()?.Value ?? new RobotsOptions(),
            ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System);
        return _robots.GetAsync(url);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Crawling {Url} failed")]
    private static partial void LogCrawlFailed(ILogger logger, Exception exception, string url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Crawling {Url} failed in the crawler itself, trying again (attempt {Attempt})")]
    private static partial void LogCrawlRetried(ILogger logger, Exception exception, string url, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Partition {Partition} restored {Rows} URLs from the frontier store, {Queued} to crawl")]
    private static partial void LogRestored(ILogger logger, string partition, long rows, long queued);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Authority} given up: {Reason}")]
    private static partial void LogHostGivenUp(ILogger logger, string authority, string reason);
}
