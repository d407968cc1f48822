using Microsoft.Extensions.Logging;
using OrleansCrawler.Abstractions.Frontier;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Grains.Jobs;

/// <summary>One crawl job: starts its partitions with the seeds, polls them on a timer, sums their counters,
/// hands out the page budget and declares the job complete (see <see cref="CompletionDetector"/>).</summary>
public sealed partial class CrawlJobGrain(TimeProvider time, ILogger<CrawlJobGrain> logger) : Grain, ICrawlJobGrain
{
    private static readonly TimeSpan PollPeriod = TimeSpan.FromMilliseconds(200);
    private readonly CompletionDetector _completion = new();
    private JobSpec? _spec;
    private JobState _state = JobState.NotFound;
    private CrawlCounters _counters = CrawlCounters.Zero;
    private DateTimeOffset _startedAt;
    private DateTimeOffset? _finishedAt;
    private long _budgetGranted;
    private IGrainTimer? _poll;

    private string JobId => this.GetPrimaryKeyString();

    public async Task<JobStatus> StartAsync(JobSpec spec)
    {
        if (_spec is not null)
        {
            return Status();
        }

        Validate(spec);
        _spec = spec;
        _state = JobState.Running;
        _startedAt = time.GetUtcNow();
        LogJobState(logger, JobId, _state);

        var partitions = Enumerable.Range(0, spec.PartitionCount).Select(p => GrainFactory.Partition(JobId, p)).ToArray();
        await Task.WhenAll(partitions.Select(p => p.StartAsync(spec)));

        var partitioner = new HostPartitioner(spec.PartitionCount);
        // Seeds first, so a sitemap URL that is also a seed keeps depth 0 (the partition's seen-set drops the repeat).
        var seedBatches = spec.Seeds.Select(url => new CrawlRequest(url, 0))
            .Concat(spec.SitemapSeeds.IsDefault ? [] : spec.SitemapSeeds.Select(url => new CrawlRequest(url, 1)))
            .GroupBy(r => partitioner.PartitionOf(r.Url))
            .Select(g => partitions[g.Key].EnqueueAsync([.. g]));
        await Task.WhenAll(seedBatches);

        _poll = this.RegisterGrainTimer(PollAsync, new GrainTimerCreationOptions(PollPeriod, PollPeriod) { KeepAlive = true });
        return Status();
    }

    public Task<JobStatus> GetStatusAsync() => Task.FromResult(Status());

    public async Task<JobStatus> CancelAsync()
    {
        if (_state == JobState.Running)
        {
            await Task.WhenAll(Enumerable.Range(0, _spec!.PartitionCount).Select(p => GrainFactory.Partition(JobId, p).StopAsync()));
            Finish(JobState.Cancelled);
        }

        return Status();
    }

    public Task<int> AcquireBudgetAsync(int wanted)
    {
        if (_state != JobState.Running || _spec is null)
        {
            return Task.FromResult(0);
        }

        if (_spec.MaxPages <= 0)
        {
            return Task.FromResult(wanted);
        }

        var granted = (int)Math.Min(wanted, _spec.MaxPages - _budgetGranted);
        _budgetGranted += granted;
        return Task.FromResult(granted);
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        if (_state != JobState.Running)
        {
            return;
        }

        var statuses = await Task.WhenAll(Enumerable.Range(0, _spec!.PartitionCount)
            .Select(p => GrainFactory.Partition(JobId, p).GetStatusAsync()));
        _counters = statuses.Aggregate(CrawlCounters.Zero, (sum, s) => sum + s.Counters);
        if (_completion.Observe([.. statuses.Select(s => (s.Idle, s.Counters.Accepted))]))
        {
            Finish(JobState.Completed);
        }
    }

    private void Finish(JobState state)
    {
        _state = state;
        _finishedAt = time.GetUtcNow();
        _poll?.Dispose();
        _poll = null;
        LogJobState(logger, JobId, state);
    }

    private JobStatus Status() => new(JobId, _state, _counters, _startedAt, _finishedAt);

    private static void Validate(JobSpec spec)
    {
        if (spec.Seeds.IsDefaultOrEmpty)
        {
            throw new ArgumentException("A job needs at least one seed URL.", nameof(spec));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(spec.PartitionCount, 1, nameof(spec.PartitionCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.Concurrency, 1, nameof(spec.Concurrency));
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.PerHostConcurrency, 1, nameof(spec.PerHostConcurrency));
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.MaxPages, 0, nameof(spec.MaxPages));
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.MaxDepth, -1, nameof(spec.MaxDepth));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} is {State}")]
    private static partial void LogJobState(ILogger logger, string jobId, JobState state);
}
