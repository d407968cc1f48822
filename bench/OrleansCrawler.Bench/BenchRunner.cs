using OrleansCrawler.Core.Ports;
using System.Diagnostics;
using System.Globalization;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Abstractions.Results;
using OrleansCrawler.Bench.Cluster;
using OrleansCrawler.Bench.Crawling;
using OrleansCrawler.Bench.Measurement;
using OrleansCrawler.Bench.Prime;
using OrleansCrawler.Bench.Processes;
using OrleansCrawler.Bench.Reporting;
using OrleansCrawler.Bench.Threading;
using OrleansCrawler.Core.Results;
using OrleansCrawler.Core.Urls;
using OrleansCrawler.Infrastructure.Storage;
using OrleansCrawler.Silo.Hosting;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Bench;

/// <summary>Runs each selected mode on each selected workload, one after the other, measures them and checks
/// that each did exactly the expected work. Modes never overlap, so they do not compete for the cores.</summary>
public sealed class BenchRunner(BenchOptions options, WorkerLauncher launcher, TextWriter log)
{
    public const string JobId = "bench";
    public const string OrleansInProcessLabel = "orleans-in-process";
    private static readonly string UserAgent = JobSpec.DefaultUserAgent;
    private string? _siloDll;
    private ClusterBackends? _backends;

    /// <exception cref="BenchSetupException">Silo processes are asked for and Redis, PostgreSQL or the silo build
    /// is missing (checked before anything runs).</exception>
    public async Task<IReadOnlyList<BenchResult>> RunAsync(CancellationToken cancellationToken = default)
    {
        options.Validate();
        if (NeedsSiloProcesses)
        {
            _siloDll = ClusterBackends.CheckPrerequisites();
        }

        Directory.CreateDirectory(options.OutputDirectory);
        var results = new List<BenchResult>();
        try
        {
            foreach (var workload in options.Workloads)
            {
                var modes = options.Modes.Where(m => BenchModes.Applies(m, workload)).ToList();
                var rows = workload == Workload.Prime
                    ? await RunPrimeAsync(modes, cancellationToken)
                    : await RunCrawlAsync(workload, modes, cancellationToken);
                results.AddRange(WithSpeedUps(rows));
            }
        }
        finally
        {
            if (_backends is not null)
            {
                await _backends.DisposeAsync();
                _backends = null;
            }
        }

        return results;
    }

    private bool NeedsSiloProcesses =>
        options.Silos.Count > 0 && options.Workloads.Any(w => BenchModes.Applies(BenchMode.Orleans, w)) && options.Modes.Contains(BenchMode.Orleans);

    private async Task<List<BenchResult>> RunCrawlAsync(Workload workload, List<BenchMode> modes, CancellationToken cancellationToken)
    {
        var latency = workload == Workload.Io ? options.Latency : TimeSpan.Zero;
        var pages = workload == Workload.Io ? options.Pages : options.CpuPages;
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = pages, Hosts = options.Hosts, Latency = latency, Seed = options.Seed }, cancellationToken);
        var truth = web.ComputeTruth();
        var seeds = web.Seeds.Select(UrlNormalizer.Normalize).ToList();
        await log.WriteLineAsync(Invariant($"{BenchModes.NameOf(workload)}: test web of {pages} pages on {options.Hosts} hosts, latency {latency.TotalMilliseconds:0} ms, truth {truth.Count} pages"));
        await WarmUpAsync(workload, seeds, cancellationToken);
        var rows = new List<BenchResult>();
        foreach (var mode in modes)
        {
            if (mode == BenchMode.Orleans)
            {
                rows.Add(await RunOrleansInProcessAsync(workload, seeds, truth, cancellationToken));
                await Report(rows[^1]);
                foreach (var silos in options.Silos)
                {
                    rows.Add(await RunOrleansClusterAsync(workload, silos, seeds, truth, cancellationToken));
                    await Report(rows[^1]);
                }

                continue;
            }

            rows.Add(mode == BenchMode.Processes
                ? await RunCrawlProcessesAsync(workload, seeds, truth, cancellationToken)
                : await RunCrawlInProcessAsync(workload, mode, seeds, truth, cancellationToken));
            await Report(rows[^1]);
        }

        return rows;
    }

    /// <summary>One unmeasured crawl of the first host, so that the first measured mode does not pay for JIT
    /// compilation and connection set-up that the later ones get for free.</summary>
    private async Task WarmUpAsync(Workload workload, List<string> seeds, CancellationToken cancellationToken)
    {
        await using var session = new CrawlSession(seeds.Take(1).ToList(), DataDirectory(workload, "warm-up"), JobId, UserAgent, options.Concurrency);
        await Task.Run(() => AsyncCrawl.RunAsync(session, options.Concurrency, cancellationToken), cancellationToken);
    }

    private async Task<BenchResult> RunCrawlInProcessAsync(Workload workload, BenchMode mode, List<string> seeds, IReadOnlyList<string> truth,
        CancellationToken cancellationToken)
    {
        var c = options.Concurrency;
        var parseThreads = Environment.ProcessorCount;
        var notes = mode switch
        {
            BenchMode.Sequential => "1 thread, blocking calls",
            BenchMode.Threads => $"≤{c} threads per BFS level, joined",
            BenchMode.ProducerConsumer => $"{c} crawl threads → channel({2 * c}) → {parseThreads} parse threads",
            BenchMode.ThreadPool => $"Parallel.ForEachAsync, {c} workers",
            BenchMode.AsyncSingle => $"1 thread loop, SemaphoreSlim({c})",
            BenchMode.AsyncPool => $"thread pool, SemaphoreSlim({c})",
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "not an in-process crawl mode"),
        };
        await using var session = new CrawlSession(seeds, DataDirectory(workload, BenchModes.NameOf(mode)), JobId, UserAgent, c);
        var meter = ResourceMeter.Start();
        var run = mode switch
        {
            BenchMode.Sequential => OnNewThread(() => SequentialCrawl.Run(session)),
            BenchMode.Threads => OnNewThread(() => ThreadsCrawl.Run(session, c)),
            BenchMode.ProducerConsumer => OnNewThread(() => ProducerConsumerCrawl.Run(session, c, parseThreads, 2 * c)),
            BenchMode.ThreadPool => Task.Run(() => ThreadPoolCrawl.RunAsync(session, c, cancellationToken), cancellationToken),
            BenchMode.AsyncSingle => SingleThreadContext.RunAsync(() => AsyncCrawl.RunAsync(session, c, cancellationToken)),
            _ => Task.Run(() => AsyncCrawl.RunAsync(session, c, cancellationToken), cancellationToken),
        };
        await run;
        var usage = meter.Stop();
        var records = await session.Store.ReadAsync(JobId, cancellationToken).ToListAsync(cancellationToken);
        return CrawlResult(workload, BenchModes.NameOf(mode), usage, records, truth, notes);
    }

    /// <summary>Hosts dealt round-robin to the workers; each crawls only its own hosts (links to the others'
    /// hosts are out of its scope and dropped: their owner finds them), with its share of the concurrency.</summary>
    private async Task<BenchResult> RunCrawlProcessesAsync(Workload workload, List<string> seeds, IReadOnlyList<string> truth, CancellationToken cancellationToken)
    {
        var workers = Math.Min(options.Workers, seeds.Count);
        var perWorker = (options.Concurrency + workers - 1) / workers;
        var root = DataDirectory(workload, "processes");
        var arguments = new List<IReadOnlyList<string>>();
        var directories = new List<string>();
        for (var w = 0; w < workers; w++)
        {
            var dir = Path.Combine(root, $"worker-{w}");
            Directory.CreateDirectory(dir);
            var seedsFile = Path.Combine(dir, "seeds.txt");
            await File.WriteAllLinesAsync(seedsFile, seeds.Where((_, i) => i % workers == w), cancellationToken);
            directories.Add(dir);
            arguments.Add(["crawl", "--seeds", seedsFile, "--data", dir, "--job", JobId,
                "--concurrency", perWorker.ToString(CultureInfo.InvariantCulture), "--user-agent", UserAgent]);
        }

        var meter = ResourceMeter.Start();
        var reports = await WorkerPool.RunAsync(launcher, arguments, cancellationToken);
        var parent = meter.Stop();
        var usage = parent with
        {
            Cpu = parent.Cpu + TimeSpan.FromSeconds(reports.Sum(r => r.CpuSeconds)),
            PeakWorkingSetBytes = reports.Sum(r => r.PeakWorkingSetBytes),
        };
        var records = new List<PageRecord>();
        foreach (var dir in directories)
        {
            await using var store = SqlitePageStore.Open(dir);
            records.AddRange(await store.ReadAsync(JobId, cancellationToken).ToListAsync(cancellationToken));
        }

        return CrawlResult(workload, "processes", usage, records, truth,
            Invariant($"{workers} workers × async({perWorker}); peak = sum of workers (parent with test web {parent.PeakWorkingSetBytes / 1048576.0:0} MB)"));
    }

    private async Task<BenchResult> RunOrleansInProcessAsync(Workload workload, List<string> seeds, IReadOnlyList<string> truth, CancellationToken cancellationToken)
    {
        var c = options.Concurrency;
        var settings = new Dictionary<string, string?>
        {
            ["Crawler:Fetcher:UserAgent"] = UserAgent,
            ["Crawler:Fetcher:MaxConnectionsPerServer"] = c.ToString(CultureInfo.InvariantCulture),
        };
        var startup = Stopwatch.StartNew();
        await using var crawler = await EmbeddedCrawler.StartAsync(DataDirectory(workload, OrleansInProcessLabel), settings,
            Microsoft.Extensions.Logging.LogLevel.Error, cancellationToken);
        startup.Stop();
        var spec = OrleansSpec(seeds, c, options.PerHost);
        var meter = ResourceMeter.Start();
        await crawler.StartJobAsync(JobId, spec);
        var status = await crawler.WaitAsync(JobId, interval: TimeSpan.FromMilliseconds(20), cancellationToken: cancellationToken);
        var usage = meter.Stop();
        if (status.State != JobState.Completed)
        {
            throw new InvalidOperationException($"The Orleans job ended {status.State}.");
        }

        var records = await crawler.Store.ReadAsync(JobId, cancellationToken).ToListAsync(cancellationToken);
        return CrawlResult(workload, OrleansInProcessLabel, usage, records, truth,
            Invariant($"1 silo in this process, SQLite (start-up {startup.Elapsed.TotalSeconds:0.0} s not counted), {c} in flight{PerHostNote}, {JobSpec.DefaultPartitionCount} partitions"));
    }

    /// <summary>", N per host" in an Orleans row's notes when <c>--per-host</c> is given.</summary>
    private string PerHostNote => options.PerHost is { } perHost ? Invariant($", {perHost} per host") : "";

    /// <summary>The job every Orleans row runs. <paramref name="perSilo"/> fetches in flight on each silo (the job's
    /// Concurrency is per silo). Per-host politeness is lifted to the global cap (<paramref name="perHost"/>, by default
    /// --concurrency) so that Orleans runs under the same rule as every other mode (none of them caps per host); the
    /// crawler's default is 2 per host.</summary>
    private JobSpec OrleansSpec(List<string> seeds, int perSilo, int? perHost = null) =>
        new([.. seeds], MaxPages: 0, MaxDepth: -1, ScopeKind.Host, [], [], Concurrency: perSilo, PerHostConcurrency: perHost ?? options.Concurrency,
            PartitionCount: JobSpec.DefaultPartitionCount, UserAgent: UserAgent);

    /// <summary>The crawler as a cluster on this machine: <paramref name="silos"/> silo processes joined through a
    /// local Redis, results in a local PostgreSQL, driven by an Orleans client in this process. Unconfined, the
    /// concurrency is split over the silos, as it is over the worker processes, so that every row has the same URLs in
    /// flight. With <see cref="BenchOptions.SiloCpu"/>, each silo is a small machine (its own CPU quota) and brings its
    /// own concurrency, as a user's machines would; the notes then say what saturated.</summary>
    private async Task<BenchResult> RunOrleansClusterAsync(Workload workload, int silos, List<string> seeds, IReadOnlyList<string> truth,
        CancellationToken cancellationToken)
    {
        var c = options.Concurrency;
        var machines = options.SiloCpu > 0;
        var perSilo = machines ? c : (c + silos - 1) / silos;
        _backends ??= await ClusterBackends.StartAsync(_siloDll ?? ClusterBackends.CheckPrerequisites(), reserve: machines);
        var settings = new Dictionary<string, string?>
        {
            ["Crawler__Fetcher__UserAgent"] = UserAgent,
            ["Crawler__Fetcher__MaxConnectionsPerServer"] = (perSilo * silos).ToString(CultureInfo.InvariantCulture),
        };
        var clusterId = Invariant($"bench-{BenchModes.NameOf(workload)}-{silos}-{Guid.NewGuid().ToString("N")[..6]}");
        var startup = Stopwatch.StartNew();
        await using var cluster = await SiloCluster.StartAsync(_backends, silos, clusterId, settings, cancellationToken, options.SiloCpu);
        startup.Stop();
        // A user's machines are warm: their silos have run crawls before. A fresh silo JIT-compiles the crawl's code in
        // its first seconds, which at a quarter of a processor took 10-18 s of the measured job (docs/scale.md): a
        // short job on the same web first (its seeds and their links), not measured.
        var spec = OrleansSpec(seeds, perSilo, options.PerHost ?? perSilo * silos);
        var warmUp = await ClusterCrawl.WarmUpAsync(cluster, JobId + "-warm-up", spec with { MaxDepth = 1 }, cancellationToken);
        var meter = ResourceMeter.Start();
        ResourceUsage parent = default;
        var outcome = await ClusterCrawl.RunAsync(cluster, JobId, spec, () => parent = meter.Stop(), cancellationToken,
            _backends);
        var siloUsage = (Cpu: outcome.SiloCpu, PeakBytes: outcome.SiloPeakBytes);
        var usage = parent with { Cpu = parent.Cpu + siloUsage.Cpu, PeakWorkingSetBytes = siloUsage.PeakBytes };
        var d = outcome.Diagnostics;
        var pages = Math.Max(1, outcome.Records.Count);
        var confinement = !machines ? ""
            : cluster.ConfinementNote is { } note ? note + "; "
            : Invariant($"each silo {options.SiloCpu:0.##} CPU, throttled in {d.SiloThrottledShare.Average():P0} of periods ({string.Join(" / ", d.SiloThrottledShare.Select(t => (t * 100).ToString("0", CultureInfo.InvariantCulture)))} %); ") +
                (_backends.Reserved ? "test web, Redis and PostgreSQL in a reserve group; " : "");
        var result = CrawlResult(workload, OrleansLabel(silos), usage, outcome.Records, truth,
            Invariant($"{silos} silo process{(silos == 1 ? "" : "es")}, Redis + PostgreSQL (start-up {startup.Elapsed.TotalSeconds:0.0} s and a warm-up job of {warmUp.Urls} URLs in {warmUp.Wall.TotalSeconds:0.0} s not counted), ") +
            Invariant($"{perSilo} in flight{(silos == 1 ? "" : " each")}{PerHostNote}; ") + confinement +
            Invariant($"CPU = silos {siloUsage.Cpu.TotalSeconds:0.00} s + this process (test web, client) {parent.Cpu.TotalSeconds:0.00} s; ") +
            Invariant($"silo CPU {siloUsage.Cpu.TotalMilliseconds / pages:0.00} ms per URL; PostgreSQL {d.PostgresCpu.TotalSeconds:0.00} s, Redis {d.RedisCpu.TotalSeconds:0.00} s CPU; ") +
            Invariant($"between silos {d.CrossSiloBytes / (double)pages:0} B per URL; ") +
            (d.Steady is { } steady
                ? Invariant($"10-90 % of URLs settled at {steady.Rate:N0} URLs/s, ramp to 10 % {steady.Ramp.TotalSeconds:0.0} s, tail from 90 % {steady.Tail.TotalSeconds:0.0} s; ")
                : "") +
            Invariant($"PostgreSQL {d.PostgresWrites.Commits / (double)pages:0.00} commits and {d.PostgresWrites.RowsWritten / (double)pages:0.00} rows written per URL; ") +
            Invariant($"peak = sum of silos (this process {parent.PeakWorkingSetBytes / 1048576.0:0} MB)"));
        return result with { Silos = silos, SteadyRate = d.Steady?.Rate };
    }

    private async Task<List<BenchResult>> RunPrimeAsync(List<BenchMode> modes, CancellationToken cancellationToken)
    {
        var numbers = Enumerable.Repeat(options.PrimeNumber, options.PrimeCount).ToList();
        var expected = PrimeWork.IsPrime(options.PrimeNumber) ? numbers.Count : 0;
        await log.WriteLineAsync(Invariant($"prime: is_prime({options.PrimeNumber}) × {numbers.Count}"));
        var rows = new List<BenchResult>();
        foreach (var mode in modes)
        {
            var c = options.Concurrency;
            var meter = ResourceMeter.Start();
            ResourceUsage usage;
            int primes;
            string notes;
            if (mode == BenchMode.Processes)
            {
                var workers = Math.Min(options.Workers, numbers.Count);
                var arguments = Enumerable.Range(0, workers)
                    .Select(w => (IReadOnlyList<string>)["prime", "--number", options.PrimeNumber.ToString(CultureInfo.InvariantCulture),
                        "--count", (numbers.Count / workers + (w < numbers.Count % workers ? 1 : 0)).ToString(CultureInfo.InvariantCulture)])
                    .ToList();
                var reports = await WorkerPool.RunAsync(launcher, arguments, cancellationToken);
                var parent = meter.Stop();
                usage = parent with
                {
                    Cpu = parent.Cpu + TimeSpan.FromSeconds(reports.Sum(r => r.CpuSeconds)),
                    PeakWorkingSetBytes = reports.Sum(r => r.PeakWorkingSetBytes),
                };
                primes = reports.Sum(r => r.Primes);
                notes = $"{workers} worker processes; peak = sum of workers";
            }
            else
            {
                var count = 0;
                await (mode switch
                {
                    BenchMode.Sequential => OnNewThread(() => count = PrimeWork.Sequential(numbers)),
                    BenchMode.Threads => OnNewThread(() => count = PrimeWork.Threads(numbers, c)),
                    BenchMode.ThreadPool => Task.Run(async () => count = await PrimeWork.ThreadPoolAsync(numbers), cancellationToken),
                    BenchMode.Parallel => OnNewThread(() => count = PrimeWork.Parallel(numbers)),
                    BenchMode.AsyncSingle => Task.Run(async () => count = await PrimeWork.AsyncSingleAsync(numbers), cancellationToken),
                    _ => throw new ArgumentOutOfRangeException(nameof(modes), mode, "not a prime mode"),
                });
                usage = meter.Stop();
                primes = count;
                notes = mode switch
                {
                    BenchMode.Sequential => "1 thread",
                    BenchMode.Threads => $"≤{c} threads, joined",
                    BenchMode.ThreadPool => "Task.Run per number, WhenAll",
                    BenchMode.Parallel => "Parallel.For over the cores",
                    _ => "1 thread loop, Task.Yield per number",
                };
            }

            var ok = primes == expected;
            rows.Add(new BenchResult(Workload.Prime, BenchModes.NameOf(mode), numbers.Count, usage.Wall.TotalSeconds, usage.Cpu.TotalSeconds,
                usage.PeakWorkingSetBytes, ok ? $"count ok ({primes})" : $"MISMATCH: {primes} primes, expected {expected}", ok, notes));
            await Report(rows[^1]);
        }

        return rows;
    }

    private static BenchResult CrawlResult(Workload workload, string label, ResourceUsage usage, IReadOnlyList<PageRecord> records,
        IReadOnlyList<string> truth, string notes)
    {
        var check = CrawlCheck.Of(truth, records);
        return new BenchResult(workload, label, check.UrlsFetched, usage.Wall.TotalSeconds, usage.Cpu.TotalSeconds, usage.PeakWorkingSetBytes,
            check.ToString(), check.IsExact, notes);
    }

    private static IEnumerable<BenchResult> WithSpeedUps(List<BenchResult> rows)
    {
        var sequential = rows.FirstOrDefault(r => r.Available && r.Label == BenchModes.NameOf(BenchMode.Sequential));
        return rows.Select(r => r.Available && sequential is not null && r.WallSeconds > 0
            ? r with { SpeedUp = sequential.WallSeconds / r.WallSeconds }
            : r);
    }

    public static string OrleansLabel(int silos) => silos == 1 ? "orleans-1-silo" : $"orleans-{silos}-silos";

    private string DataDirectory(Workload workload, string mode) =>
        Path.Combine(options.OutputDirectory, "data", $"{BenchModes.NameOf(workload)}-{mode}");

    private Task Report(BenchResult r) => log.WriteLineAsync(r.Available
        ? Invariant($"  {r.Label,-18} {r.Items,7} {(r.Workload == Workload.Prime ? "ops" : "URLs")} in {r.WallSeconds,7:0.00} s   CPU {r.CpuSeconds,6:0.00} s   {r.Check}")
        : $"  {r.Label,-18} {r.Notes}");

    /// <summary>Blocking modes get a thread of their own, as their Python counterparts would: never a pool thread.</summary>
    private static Task OnNewThread(Action action)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            try
            {
                action();
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        { IsBackground = true, Name = "bench-main" }.Start();
        return done.Task;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
