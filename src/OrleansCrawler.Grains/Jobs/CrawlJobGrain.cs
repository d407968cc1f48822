using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using OrleansCrawler.Abstractions.Frontier;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Telemetry;
using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Grains.Jobs;

/// <summary>One crawl job: starts its partitions with the seeds, polls them on a timer, sums their counters,
/// hands out the page budget, pauses/resumes/cancels them and declares the job complete (see
/// <see cref="CompletionDetector"/>). Its state goes to the job store on every change and every few seconds.</summary>
public sealed partial class CrawlJobGrain(IJobStore store, TimeProvider time, JobFinishedSignal finished, ILogger<CrawlJobGrain> logger) : Grain, ICrawlJobGrain
{
    private static readonly TimeSpan PollPeriod = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan SavePeriod = TimeSpan.FromSeconds(2);
    private CompletionDetector _completion = new();
    private JobSpec? _spec;
    private JobState _state = JobState.NotFound;
    private CrawlCounters _counters = CrawlCounters.Zero;
    private ImmutableDictionary<string, long> _errors = ImmutableDictionary<string, long>.Empty;
    private DateTimeOffset _startedAt;
    private DateTimeOffset? _finishedAt;
    private DateTimeOffset _savedAt;
    private long _budgetGranted;
    private IGrainTimer? _poll;
    private IUrlPartitionGrain[]? _partitions;
    private bool _restartPending;
    private bool _unsaved;
    private string? _problem;

    private string JobId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (await store.GetAsync(JobId, cancellationToken) is { } record)
        {
            var status = JobRecordMapper.StatusOf(record);
            (_spec, _state, _counters, _errors, _startedAt, _finishedAt, _budgetGranted) =
                (JobRecordMapper.SpecOf(record), status.State, status.Counters, status.Errors, status.StartedAt, status.FinishedAt, record.BudgetGranted);
            if (_state is JobState.Running or JobState.Paused)
            {
                // Reactivated mid-crawl (its silo left, the cluster restarted, the crawl is resumed): the first poll
                // starts the partitions again (partitions that are still alive keep their frontier; the others rebuild
                // theirs from the frontier store) and re-offers the seeds, which is idempotent.
                _restartPending = true;
                StartPolling();
            }
        }
    }

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
        await SaveAsync();
        LogJobState(logger, JobId, _state);
        await StartPartitionsAsync(spec);
        return Status();
    }

    private async Task StartPartitionsAsync(JobSpec spec)
    {
        var partitions = Partitions(spec);
        await Task.WhenAll(partitions.Select(p => GrainRetry.CallAsync(() => p.StartAsync(spec), time)));
        if (_state == JobState.Paused)
        {
            await Task.WhenAll(partitions.Select(p => GrainRetry.CallAsync(() => p.SetPausedAsync(true), time)));
        }

        var partitioner = new HostPartitioner(spec.PartitionCount);
        // Seeds first, so a sitemap URL that is also a seed keeps depth 0 (the partition's seen-set drops the repeat).
        // The seeds' page traces link back to the submit.
        var submit = CrawlerTelemetry.TraceParentOf(System.Diagnostics.Activity.Current);
        await Task.WhenAll(spec.Seeds.Select(url => new CrawlRequest(url, 0, submit))
            .Concat(spec.SitemapSeeds.IsDefault ? [] : spec.SitemapSeeds.Select(url => new CrawlRequest(url, 1, submit)))
            .GroupBy(r => partitioner.PartitionOf(r.Url))
            .Select(g => GrainRetry.CallAsync(() => partitions[g.Key].EnqueueAsync([.. g]), time)));
        StartPolling();
    }

    private void StartPolling() =>
        _poll ??= this.RegisterGrainTimer(PollAsync, new GrainTimerCreationOptions(PollPeriod, PollPeriod) { KeepAlive = true });

    public Task<JobStatus> GetStatusAsync() => Task.FromResult(Status());

    public async Task<JobStatus> CancelAsync()
    {
        if (_state is JobState.Running or JobState.Paused)
        {
            await Task.WhenAll(Partitions(_spec!).Select(p => p.StopAsync()));
            await FinishAsync(JobState.Cancelled);
        }

        return Status();
    }

    public Task<JobStatus> PauseAsync() => SetPausedAsync(true);

    public Task<JobStatus> ResumeAsync() => SetPausedAsync(false);

    private async Task<JobStatus> SetPausedAsync(bool paused)
    {
        var (from, to) = paused ? (JobState.Running, JobState.Paused) : (JobState.Paused, JobState.Running);
        if (_state == from)
        {
            await Task.WhenAll(Partitions(_spec!).Select(p => p.SetPausedAsync(paused)));
            _state = to;
            _completion = new CompletionDetector();
            await SaveAsync();
            LogJobState(logger, JobId, _state);
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
        if (_state is not (JobState.Running or JobState.Paused))
        {
            // Finished, but the job store was away when it tried to say so.
            await TrySaveAsync();
            if (!_unsaved)
            {
                _poll?.Dispose();
                _poll = null;
            }

            return;
        }

        if (_restartPending)
        {
            await StartPartitionsAsync(_spec!);
            _restartPending = false;
        }

        await WavesAsync();
        if (_state is JobState.Running or JobState.Paused && (_unsaved || time.GetUtcNow() - _savedAt >= SavePeriod))
        {
            await TrySaveAsync();
        }
    }

    public async Task PartitionIdleAsync(int partition, long accepted)
    {
        // Between polls: a partition that went idle may have been the last busy one. Looking now rather than at the next
        // tick is what lets a small crawl end (and `ocrawl run` exit) as soon as its last page is settled.
        if (_state == JobState.Running && !_restartPending && _completion.Hint(partition, accepted))
        {
            await WavesAsync();
        }
    }

    /// <summary>One wave of status calls; when it finds every partition idle, the confirming wave at once (the
    /// detector's argument does not depend on the time between waves, see <see cref="CompletionDetector"/>).</summary>
    private async Task WavesAsync()
    {
        await WaveAsync();
        if (_state == JobState.Running && _completion.LastWaveAllIdle)
        {
            await WaveAsync();
        }
    }

    private async Task WaveAsync()
    {
        var statuses = await Task.WhenAll(Partitions(_spec!).Select(p => p.GetStatusAsync()));
        _problem = statuses.Select(s => s.Problem).FirstOrDefault(p => p is not null);
        _counters = statuses.Aggregate(CrawlCounters.Zero, (sum, s) => sum + s.Counters);
        _errors = statuses.SelectMany(s => s.Errors)
            .GroupBy(e => e.Key, e => e.Value)
            .ToImmutableDictionary(g => g.Key, g => g.Sum());
        if (_state == JobState.Running && _completion.Observe([.. statuses.Select(s => (s.Idle, s.Counters.Accepted))]))
        {
            await FinishAsync(JobState.Completed);
        }
    }

    private async Task FinishAsync(JobState state)
    {
        _state = state;
        _finishedAt = time.GetUtcNow();
        LogJobState(logger, JobId, state);
        await TrySaveAsync();
        if (!_unsaved)
        {
            _poll?.Dispose();
            _poll = null;
        }
        else
        {
            // Keep polling: the timer saves the final state once the job store is back.
            StartPolling();
        }

        finished.Finished(JobId);
    }

    public Task<JobSpec?> GetSpecAsync() => Task.FromResult(_spec);

    public Task<ImmutableArray<string>> FieldNamesAsync() => Task.FromResult(_spec is null ? [] : FieldRulesMapper.FieldNames(_spec));

    private async Task SaveAsync()
    {
        await store.SaveAsync(JobRecordMapper.ToRecord(_spec!, Status(), _budgetGranted));
        _savedAt = time.GetUtcNow();
        _unsaved = false;
    }

    /// <summary>Saves, or (job store away) remembers to save again at the next poll and says so in the status.</summary>
    private async Task TrySaveAsync()
    {
        try
        {
            await SaveAsync();
            if (_problem?.StartsWith("job store", StringComparison.Ordinal) == true)
            {
                _problem = null;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _unsaved = true;
            _problem = $"job store unavailable, saving again: {ex.GetBaseException().Message}";
            LogSaveFailed(logger, ex, JobId);
        }
    }

    // Made once: a status wave every 200 ms made 64 references each time, and each GetGrain looked the type up again.
    private IUrlPartitionGrain[] Partitions(JobSpec spec) =>
        _partitions ??= [.. Enumerable.Range(0, spec.PartitionCount).Select(p => GrainFactory.Partition(JobId, p))];

    private JobStatus Status() => new(JobId, _state, _counters, _startedAt, _finishedAt, _errors, _problem);

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saving job {JobId} failed; saving again at the next poll")]
    private static partial void LogSaveFailed(ILogger logger, Exception exception, string jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} is {State}")]
    private static partial void LogJobState(ILogger logger, string jobId, JobState state);
}
