using System.Diagnostics;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Abstractions.Results;
using OrleansCrawler.Bench.Measurement;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Bench.Cluster;

/// <summary>One job on a running <see cref="SiloCluster"/>, metered: started through the client, polled until it is
/// no longer running, the silos' CPU (end minus start) and summed peak resident memory (VmHWM, reset at the start)
/// read meanwhile, then every stored result read back through the results grain. Shared by <c>ocrawl bench</c> and
/// the throughput harness.</summary>
public static class ClusterCrawl
{
    /// <param name="finished">Called as soon as the job is seen over, before the results are read (so that a
    /// caller's own meter can stop there).</param>
    /// <param name="backends">When given, their CPU (Redis, PostgreSQL and its backends) is measured over the job too.</param>
    public static async Task<Outcome> RunAsync(SiloCluster cluster, string jobId, JobSpec spec, Action? finished = null,
        CancellationToken cancellationToken = default, ClusterBackends? backends = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var job = cluster.Grains.GetGrain<ICrawlJobGrain>(jobId);
        var throttlingBefore = cluster.Quotas.Select(q => q.ReadThrottling()).ToList();
        var (redisBefore, postgresBefore) = backends is null ? default : (ProcessTreeCpu.Of(backends.Redis.ProcessId), ProcessTreeCpu.Of(backends.Postgres.ProcessId));
        var trafficBefore = LoopbackTraffic.Snapshot(cluster.SiloPorts);
        var postgresWritesBefore = await PostgresActivity.ReadAsync(cluster.Database, cancellationToken);
        var siloMeter = ChildProcessMeter.Start([.. cluster.Silos.Select(s => s.Id)]);
        var clock = Stopwatch.StartNew();
        var polls = new List<(TimeSpan At, long Settled)>();
        var status = await RunToEndAsync(job, spec, TimeSpan.FromMilliseconds(20), s => polls.Add((clock.Elapsed, s.Counters.Settled)), cancellationToken);

        var wall = clock.Elapsed;
        var (cpu, peak, _) = siloMeter.Stop();
        var crossSiloBytes = LoopbackTraffic.Between(trafficBefore, LoopbackTraffic.Snapshot(cluster.SiloPorts));
        finished?.Invoke();
        var diagnostics = new Diagnostics(
            backends is null ? TimeSpan.Zero : ProcessTreeCpu.Of(backends.Redis.ProcessId) - redisBefore,
            backends is null ? TimeSpan.Zero : ProcessTreeCpu.Of(backends.Postgres.ProcessId) - postgresBefore,
            [.. cluster.Quotas.Select((q, i) => (q.ReadThrottling() - throttlingBefore[i]).ThrottledShare)],
            crossSiloBytes)
        {
            Steady = SteadyRate.Of(polls, status.Counters.Settled, wall),
        };
        if (status.State != JobState.Completed)
        {
            throw new InvalidOperationException($"The Orleans job on {cluster.Silos.Count} silo processes ended {status.State}.\n{cluster.Describe()}");
        }

        var settled = Stopwatch.StartNew();
        var records = await ReadResultsAsync(cluster.Grains.GetGrain<IResultsGrain>(0), jobId, cancellationToken);
        if (settled.Elapsed < PostgresActivity.FlushDelay)
        {
            await Task.Delay(PostgresActivity.FlushDelay - settled.Elapsed, cancellationToken);
        }

        // Less the reads of the results just made (a read-only transaction per page of results counts as a commit).
        var postgresWrites = await PostgresActivity.ReadAsync(cluster.Database, cancellationToken) - postgresWritesBefore;
        return new Outcome(status, wall, cpu, peak, records, diagnostics with { PostgresWrites = postgresWrites });
    }

    /// <summary>Runs a job to its end without measuring it (a warm-up: the silos JIT-compile the crawl's code); returns the
    /// URLs it settled and how long it took.</summary>
    public static async Task<(long Urls, TimeSpan Wall)> WarmUpAsync(SiloCluster cluster, string jobId, JobSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var job = cluster.Grains.GetGrain<ICrawlJobGrain>(jobId);
        var clock = Stopwatch.StartNew();
        var status = await RunToEndAsync(job, spec, TimeSpan.FromMilliseconds(50), null, cancellationToken);
        if (status.State != JobState.Completed)
        {
            throw new InvalidOperationException($"The warm-up job on {cluster.Silos.Count} silo processes ended {status.State}.\n{cluster.Describe()}");
        }

        return (status.Counters.Settled, clock.Elapsed);
    }

    /// <summary>Starts the job and polls its status every <paramref name="interval"/> until it no longer runs (each running
    /// status handed to <paramref name="running"/>); its last status.</summary>
    private static async Task<JobStatus> RunToEndAsync(ICrawlJobGrain job, JobSpec spec, TimeSpan interval, Action<JobStatus>? running,
        CancellationToken cancellationToken)
    {
        await job.StartAsync(spec);
        JobStatus status;
        while ((status = await StatusAsync(job, cancellationToken)).State == JobState.Running)
        {
            running?.Invoke(status);
            await Task.Delay(interval, cancellationToken);
        }

        return status;
    }

    /// <summary>The job's status, a call that timed out asked again (at most <see cref="StatusAttempts"/> times in a row):
    /// a silo short of CPU, or one just killed, may miss one answer without the job being lost.</summary>
    private static async Task<JobStatus> StatusAsync(ICrawlJobGrain job, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await job.GetStatusAsync();
            }
            catch (TimeoutException) when (attempt < StatusAttempts)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    private const int StatusAttempts = 3;

    /// <summary>Every stored result of the job, through the results grain's pages, as <c>ocrawl export</c> reads them.</summary>
    public static async Task<List<PageRecord>> ReadResultsAsync(IResultsGrain results, string jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(results);
        const int PageSize = 2000;
        var records = new List<PageRecord>();
        string? after = null;
        while (true)
        {
            var page = await results.ReadPageAsync(jobId, after, PageSize);
            records.AddRange(page.Select(r => new PageRecord(jobId, r.Url, r.FinalUrl, r.Status, r.Depth, r.Title, r.Outlinks, r.ContentType, r.Bytes,
                r.FetchedAt, r.Error, r.Canonical, r.NoIndex)));
            if (page.Length < PageSize)
            {
                return records;
            }

            after = page[^1].Url;
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Where a cluster run's time went besides the silos' CPU: Redis's and PostgreSQL's CPU (with their backend
    /// processes), and each silo's share of scheduler periods throttled by its quota (empty when unconfined).</summary>
    /// <param name="CrossSiloBytes">Bytes sent between silos over the job, both directions (<see cref="LoopbackTraffic"/>).</param>
    /// <param name="PostgresWrites">Transactions and rows written in the silos' database from the job's start until its
    /// results were read (reading them adds a few commits of its own, one per 2,000 results).</param>
    public sealed record Diagnostics(TimeSpan RedisCpu, TimeSpan PostgresCpu, IReadOnlyList<double> SiloThrottledShare, long CrossSiloBytes,
        PostgresActivity PostgresWrites = default)
    {
        /// <summary>The rate between 10 % and 90 % of the URLs settled, with the ramp and tail around it.</summary>
        public SteadyRate? Steady { get; init; }
    }

    /// <summary>The job's end status; its wall time (start call to the poll that saw it over); the silos' CPU and
    /// summed peak resident memory; its stored results.</summary>
    public sealed record Outcome(JobStatus Status, TimeSpan Wall, TimeSpan SiloCpu, long SiloPeakBytes, IReadOnlyList<PageRecord> Records,
        Diagnostics Diagnostics);
}
