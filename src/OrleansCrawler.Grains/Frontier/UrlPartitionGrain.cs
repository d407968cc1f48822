using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCrawler.Abstractions.Frontier;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Abstractions.Parsing;
using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Robots;
using OrleansCrawler.Grains.Jobs;

namespace OrleansCrawler.Grains.Frontier;

/// <summary>Owns the frontier of one partition of a job's hosts. Enqueue calls only queue; fetching runs in
/// per-host workers started from the grain (on its scheduler, so single-threaded), which keep many fetches in
/// flight while the grain goes on taking calls.</summary>
public sealed partial class UrlPartitionGrain(
    JobRuntimeRegistry jobs,
    IPageFetcher fetcher,
    ILogger<UrlPartitionGrain> logger) : Grain, IUrlPartitionGrain
{
    private RobotsCache? _robots;
    private string _jobId = "";
    private JobRuntime? _job;
    private PartitionFrontier? _frontier;
    private readonly Dictionary<string, long> _errors = new(StringComparer.Ordinal);
    private bool _budgetSpent;
    private bool _stopped;
    private bool _paused;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _jobId = PartitionKey.Parse(this.GetPrimaryKeyString()).JobId;
        return Task.CompletedTask;
    }

    public Task StartAsync(JobSpec spec)
    {
        if (_job is null)
        {
            _job = jobs.GetOrAdd(_jobId, spec);
            _frontier = new PartitionFrontier(spec.PerHostConcurrency, spec.MaxDepth);
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

        foreach (var request in requests)
        {
            if (frontier.Offer(request.Url, request.Depth, out var authority))
            {
                StartWorkers(authority);
            }
        }

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

        var counters = new CrawlCounters(f.Accepted, f.Settled, f.Fetched, f.Failed, f.RobotsDenied, f.Skipped, f.Queued, f.InFlight, f.Bytes);
        return Task.FromResult(new PartitionStatus(f.IsIdle, counters, _errors.ToImmutableDictionary()));
    }

    public Task StopAsync()
    {
        _stopped = true;
        _frontier?.DropQueued();
        return Task.CompletedTask;
    }

    /// <summary>One of an authority's workers: fetches its URLs one at a time until its queue is empty.</summary>
    private async Task RunWorkerAsync(string authority)
    {
        var frontier = _frontier!;
        while (true)
        {
            if (_paused)
            {
                frontier.ReleaseWorker(authority);
                return;
            }

            if (!frontier.TryDequeue(authority, out var entry))
            {
                return;
            }

            var outcome = CrawlOutcome.Failed;
            long bytes = 0;
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
                frontier.Settle(outcome, bytes);
            }
        }
    }

    private async Task<(CrawlOutcome, long)> CrawlAsync(FrontierEntry entry)
    {
        var job = _job!;
        var url = new Uri(entry.Url);
        var rules = await GetRobotsAsync(url);
        if (!rules.IsAllowed(url.PathAndQuery))
        {
            return (CrawlOutcome.RobotsDenied, 0);
        }

        if (_stopped || !await TakeBudgetAsync())
        {
            return (CrawlOutcome.Skipped, 0);
        }

        FetchResult result;
        await job.FetchSlots.WaitAsync();
        try
        {
            result = await fetcher.FetchAsync(url);
        }
        finally
        {
            job.FetchSlots.Release();
        }

        if (ErrorKind.Of(result.Status, result.Error) is { } kind)
        {
            _errors[kind] = _errors.GetValueOrDefault(kind) + 1;
        }

        var page = new PageFetched(_jobId, entry.Url, result.FinalUrl.AbsoluteUri, entry.Depth, result.Status,
            result.ContentType, result.Bytes, result.FetchedAt, result.Error, result.IsHtml && result.Status == 200 ? result.Body : null, result.RobotsTag);
        await GrainFactory.GetGrain<IPageParserGrain>(0).ProcessAsync(page);
        return (result.Error is null ? CrawlOutcome.Fetched : CrawlOutcome.Failed, result.Bytes);
    }

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
}
