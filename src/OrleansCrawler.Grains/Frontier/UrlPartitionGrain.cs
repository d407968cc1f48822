using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCrawler.Abstractions.Frontier;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Abstractions.Parsing;
using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Politeness;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Robots;
using OrleansCrawler.Core.Safety;
using OrleansCrawler.Core.Telemetry;
using OrleansCrawler.Grains.Jobs;
using static OrleansCrawler.Core.Telemetry.CrawlerTelemetry;

namespace OrleansCrawler.Grains.Frontier;

/// <summary>Owns the frontier of one partition of a job's hosts. Enqueue calls only queue; fetching runs in
/// per-host workers started from the grain (on its scheduler, so single-threaded), which keep many fetches in
/// flight while the grain goes on taking calls. Workers wait for their host's politeness clock and for retries
/// with <see cref="Task.Delay(TimeSpan, TimeProvider)"/>; every decision (clock, retry, traps, addresses) is Core's.</summary>
public sealed partial class UrlPartitionGrain(
    JobRuntimeRegistry jobs,
    IPageFetcher fetcher,
    IHostResolver resolver,
    TimeProvider time,
    ILogger<UrlPartitionGrain> logger) : Grain, IUrlPartitionGrain
{
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
    private KeyValuePair<string, object?> _jobTag;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_jobId, _partition) = PartitionKey.Parse(this.GetPrimaryKeyString());
        _jobTag = JobTag(_jobId);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        UntrackFrontier(this);
        return Task.CompletedTask;
    }

    public Task StartAsync(JobSpec spec)
    {
        if (_job is null)
        {
            _job = jobs.GetOrAdd(_jobId, spec);
            _frontier = new PartitionFrontier(spec.PerHostConcurrency, spec.MaxDepth, _job.Politeness);
            _traps = new TrapPolicy(_job.Traps);
            _retry = new RetryPolicy(_job.Retry, unchecked((spec.RandomSeed * 7919) + _partition));
            var frontier = _frontier;
            var tags = new[] { _jobTag, new KeyValuePair<string, object?>(Attributes.Partition, _partition) };
            TrackFrontier(this, () => new Measurement<long>(frontier.Queued, tags));
        }

        return Task.CompletedTask;
    }

    public Task EnqueueAsync(ImmutableArray<CrawlRequest> requests)
    {
        var frontier = _frontier ?? throw new InvalidOperationException($"Partition {this.GetPrimaryKeyString()} was not started.");
        if (_stopped)
        {
            return Task.CompletedTask;
        }

        using var span = Source.StartActivity(Spans.Enqueue);
        var accepted = 0;
        foreach (var request in requests)
        {
            if (frontier.Offer(request.Url, request.Depth, out var authority, request.TraceParent))
            {
                accepted++;
                StartWorkers(authority);
            }
        }

        span?.SetTag(Attributes.Job, _jobId).SetTag(Attributes.Partition, _partition).SetTag(Attributes.Silo, RuntimeIdentity)
            .SetTag(Attributes.Count, requests.Length).SetTag(Attributes.Accepted, accepted);
        return Task.CompletedTask;
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
        while (!_paused && _frontier!.TryStartWorker(authority))
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
        return Task.FromResult(new PartitionStatus(f.IsIdle, counters, _errors.ToImmutableDictionary()));
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
            if (_paused)
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

            CrawlOutcome? outcome = CrawlOutcome.Failed;
            long bytes = 0;
            using var page = StartPage(entry);
            try
            {
                (outcome, bytes) = await CrawlAsync(entry);
            }
            catch (Exception ex)
            {
                // A bad page must never take the partition down: record the failure and go on.
                LogCrawlFailed(logger, ex, entry.Url);
            }
            finally
            {
                // Null: put back for a retry, so still queued, not settled.
                if (outcome is { } settled)
                {
                    frontier.Settle(settled, bytes);
                    Measure(settled, bytes);
                }

                page?.SetTag(Attributes.Outcome, outcome?.ToString() ?? "Retry");
            }
        }
    }

    /// <summary>Crawls one URL; a null outcome means it was put back into the frontier for a retry.</summary>
    private async Task<(CrawlOutcome?, long)> CrawlAsync(FrontierEntry entry)
    {
        var job = _job!;
        var host = _frontier!.Politeness(entry.Authority);
        if (host.IsGivenUp)
        {
            return (await RecordAsync(entry, host.GivenUpReason!, CrawlOutcome.Failed), 0);
        }

        var url = new Uri(entry.Url);
        if (entry.Attempt == 0)
        {
            var refusal = _traps!.Check(entry.Url, entry.Authority) ?? await CheckAddressAsync(url, entry.Authority);
            if (refusal is not null)
            {
                return (await RecordAsync(entry, refusal, CrawlOutcome.Refused), 0);
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
            return (CrawlOutcome.RobotsDenied, 0);
        }

        // A retry was paid for by its first attempt.
        if (_stopped || (entry.Attempt == 0 && !await TakeBudgetAsync()))
        {
            return (CrawlOutcome.Skipped, 0);
        }

        var waitStarted = time.GetTimestamp();
        var turn = await WaitForTurnAsync(host);
        PolitenessWait.Record(time.GetElapsedTime(waitStarted).TotalSeconds, _jobTag);
        if (!turn)
        {
            return _stopped ? (CrawlOutcome.Skipped, 0) : (await RecordAsync(entry, host.GivenUpReason!, CrawlOutcome.Failed), 0);
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
                result = await fetcher.FetchAsync(url, job.Addresses);
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
            return (null, 0);
        }

        var error = decision.Action == RetryAction.GiveUp ? decision.Reason : result.Error;
        Tally(result.Status, error);
        var page = new PageFetched(_jobId, entry.Url, result.FinalUrl.AbsoluteUri, entry.Depth, result.Status,
            result.ContentType, result.Bytes, result.FetchedAt, error, error is null && result.IsHtml && result.Status == 200 ? result.Body : null,
            result.RobotsTag, result.RedirectTo);
        await GrainFactory.GetGrain<IPageParserGrain>(0).ProcessAsync(page);
        return (error is null ? CrawlOutcome.Fetched : CrawlOutcome.Failed, result.Bytes);
    }

    /// <summary>Waits until the host's clock lets a request start and a silo-wide fetch slot is free, then marks
    /// the start (no await between the check and the mark). On true the caller holds a slot and releases it. False
    /// when the host was given up or the job stopped meanwhile.</summary>
    private async Task<bool> WaitForTurnAsync(HostPoliteness host)
    {
        var slots = _job!.FetchSlots;
        while (true)
        {
            if (host.IsGivenUp || _stopped)
            {
                return false;
            }

            var wait = host.WaitTime(time.GetUtcNow());
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time);
                continue;
            }

            await slots.WaitAsync();
            if (!host.IsGivenUp && !_stopped && host.WaitTime(time.GetUtcNow()) == TimeSpan.Zero)
            {
                host.OnStart(time.GetUtcNow());
                return true;
            }

            slots.Release();
        }
    }

    /// <summary>Null when the URL's host resolves to an address the job may fetch, else the reason.</summary>
    private async Task<string?> CheckAddressAsync(Uri url, string authority)
    {
        var addresses = _job!.Addresses;
        return addresses.AllowPrivate ? null : addresses.Check(authority, await resolver.ResolveAsync(url.IdnHost));
    }

    /// <summary>Stores a URL that was not fetched, with the reason as its error.</summary>
    private async Task<CrawlOutcome> RecordAsync(FrontierEntry entry, string reason, CrawlOutcome outcome)
    {
        Tally(0, reason);
        var page = new PageFetched(_jobId, entry.Url, entry.Url, entry.Depth, 0, null, 0, time.GetUtcNow(), reason, null);
        await GrainFactory.GetGrain<IPageParserGrain>(0).ProcessAsync(page);
        return outcome;
    }

    /// <summary>Counts a settled URL's error by kind (for status and watch).</summary>
    private void Tally(int status, string? error)
    {
        if (ErrorKind.Of(status, error) is { } kind)
        {
            _errors[kind] = _errors.GetValueOrDefault(kind) + 1;
            Errors.Add(1, _jobTag, new KeyValuePair<string, object?>(Attributes.ErrorKind, kind));
        }
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

        var granted = await GrainFactory.GetGrain<ICrawlJobGrain>(_jobId).AcquireBudgetAsync(1);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Authority} given up: {Reason}")]
    private static partial void LogHostGivenUp(ILogger logger, string authority, string reason);
}
