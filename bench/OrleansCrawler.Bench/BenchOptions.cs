namespace OrleansCrawler.Bench;

/// <summary>What <c>ocrawl bench</c> runs. <see cref="Full"/> is the set-up; <see cref="Quick"/> fits in
/// about a minute on two cores.</summary>
public sealed record BenchOptions
{
    public IReadOnlyList<Workload> Workloads { get; init; } = [Workload.Io, Workload.Cpu, Workload.Prime];

    public IReadOnlyList<BenchMode> Modes { get; init; } = BenchModes.All;

    /// <summary>Pages of the test web in the IO-bound workload.</summary>
    public int Pages { get; init; } = 2000;

    /// <summary>Pages of the test web in the CPU-bound workload.</summary>
    public int CpuPages { get; init; } = 2000;

    public int Hosts { get; init; } = 20;

    /// <summary>Added to every response in the IO-bound workload (the CPU-bound one has none).</summary>
    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Test-web seed: the same seed gives the same pages and links.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>URLs in progress at once, the same for every concurrent mode (threads, pool size, semaphore,
    /// crawl threads of the pipeline, the Orleans job's --concurrency; split over the worker processes).</summary>
    public int Concurrency { get; init; } = 32;

    /// <summary>Worker processes in the processes mode.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>Silo process counts of the orleans mode (a cluster of that many silo processes each, with a local
    /// Redis and PostgreSQL); the mode also runs one silo inside this process first. Empty: that in-process row only.</summary>
    public IReadOnlyList<int> Silos { get; init; } = [1];

    /// <summary>Processors each silo process of the orleans mode may use (its own CPU quota, so that each behaves like a
    /// small machine of its own, and the job's concurrency grows with the silos: each brings its own). 0: unconfined,
    /// the concurrency split over the silos.</summary>
    public double SiloCpu { get; init; }

    /// <summary>Per-host limit of the Orleans cluster rows' job; null: the job's total in flight (no per-host cap, as in
    /// the other modes). Lower it to see what the workers a partition starts per host cost (docs/scale.md).</summary>
    public int? PerHost { get; init; }

    /// <summary>How many times the prime is checked.</summary>
    public int PrimeCount { get; init; } = 100;

    public long PrimeNumber { get; init; } = Prime.PrimeWork.StudyPrime;

    /// <summary>Where results go; the caller makes it (by default <c>./bench-results/&lt;timestamp&gt;</c>).</summary>
    public string OutputDirectory { get; init; } = "bench-results";

    public bool IsQuick { get; init; }

    /// <summary>The command line that asked for this run, shown beside the numbers.</summary>
    public string CommandLine { get; init; } = "ocrawl bench";

    public static BenchOptions Full { get; } = new();

    public static BenchOptions Quick { get; } = new()
    {
        // Sequential pays the latency on every URL (about six per page: images, PDFs, missing pages too), so the
        // io web is small; the cpu web has no latency and can be larger.
        Pages = 50,
        CpuPages = 400,
        Hosts = 4,
        PrimeCount = 30,
        IsQuick = true,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad value.</summary>
    public void Validate()
    {
        if (Workloads.Count == 0 || Modes.Count == 0)
        {
            throw new ArgumentException("Give at least one workload and one mode.");
        }

        if (Hosts < 1 || Pages < Hosts || CpuPages < Hosts)
        {
            throw new ArgumentException($"--pages ({Pages}) and --cpu-pages ({CpuPages}) must be at least --hosts ({Hosts}), and --hosts at least 1.");
        }

        if (Latency < TimeSpan.Zero)
        {
            throw new ArgumentException("--latency must not be negative.");
        }

        if (Silos.Any(n => n < 1))
        {
            throw new ArgumentException("--silos counts must be at least 1.");
        }

        if (SiloCpu is < 0 or > 64 || double.IsNaN(SiloCpu))
        {
            throw new ArgumentException($"--silo-cpu must be between 0 (unconfined) and 64 processors, not {SiloCpu}.");
        }

        if (PerHost is < 1)
        {
            throw new ArgumentException($"--per-host must be at least 1, not {PerHost}.");
        }

        if (Concurrency < 1 || Workers < 1 || PrimeCount < 1)
        {
            throw new ArgumentException("--concurrency, --workers and --prime-count must be at least 1.");
        }
    }
}
