using OrleansCrawler.Bench.Throughput.Peers;
using OrleansCrawler.Abstractions.Jobs;

namespace OrleansCrawler.Bench.Throughput;

/// <summary>The harness's workloads (issue 8).</summary>
public enum ThroughputWorkload
{
    /// <summary>The issue's web (20,000 pages, 50 hosts), no added latency: CPU-bound on this machine.</summary>
    Throughput,

    /// <summary>The same web with latency added to every response: bound by the concurrency limits.</summary>
    Latency,

    /// <summary>A 1,000,000-page web: memory (peak RSS, seen-set bytes per URL).</summary>
    Scale,

    /// <summary>The throughput web crawled by 1 and by 3 silo processes (Redis membership, PostgreSQL results).</summary>
    Silos,

    /// <summary>Issue 16: a one-page web crawled by <c>ocrawl run</c> several times, launch to exit (<see cref="LaunchToExitRunner"/>).</summary>
    Startup,

    /// <summary>Issue 16: a single-host web of about 500 pages, ocrawl and wget2 in turn, launch to exit.</summary>
    SmallSite,
}

/// <summary>What the harness runs. The defaults are the issue's set-up.</summary>
public sealed record ThroughputOptions
{
    public IReadOnlyList<ThroughputWorkload> Workloads { get; init; } = [ThroughputWorkload.Throughput, ThroughputWorkload.Latency];

    public int Pages { get; init; } = 20_000;

    public int Hosts { get; init; } = 50;

    /// <summary>Added to every response in the latency workload.</summary>
    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(50);

    public int ScalePages { get; init; } = 1_000_000;

    /// <summary>Fetches in flight at once (the job's --concurrency, the baseline's fetch slots).</summary>
    public int Concurrency { get; init; } = JobSpec.DefaultConcurrency;

    /// <summary>Fetches in flight per host (the job's --per-host, the baseline's workers per host).</summary>
    public int PerHost { get; init; } = JobSpec.DefaultPerHostConcurrency;

    /// <summary>Partitions of the Orleans crawler's job; null leaves ocrawl's default.</summary>
    public int? Partitions { get; init; }

    /// <summary>Also crawl with <c>ocrawl run --content</c> in this format (text, markdown, html): a row named
    /// <see cref="ThroughputRunner.ContentLabel"/> whose ratio is against the same crawl without it; null: no such row.</summary>
    public string? Content { get; init; }

    /// <summary>Also crawl the throughput web with <c>ocrawl run --dedup</c>: row <see cref="ThroughputRunner.DedupLabel"/>, to
    /// compare with <c>orleans</c> (issue 15: at least 0.85×).</summary>
    public bool Dedup { get; init; }

    /// <summary>Also crawl the throughput web with <c>--content</c> (<see cref="Content"/>, else markdown) and <c>--dedup</c>
    /// both on: row <see cref="ThroughputRunner.ContentDedupLabel"/>, compared with <c>orleans</c>.</summary>
    public bool ContentDedup { get; init; }

    /// <summary>Also crawl the throughput web with field extraction (the test web's product rules on every HTML page) and
    /// <c>--dedup</c>: row <see cref="ThroughputRunner.FieldsDedupLabel"/>, compared with <c>orleans</c> (issue 15: at least
    /// 0.85×). Give the web product pages (<see cref="WebProducts"/>) so that the rules find fields.</summary>
    public bool FieldsDedup { get; init; }

    /// <summary>Percent of the test web's pages served as articles in a news site's boilerplate (testsite --articles), for
    /// every crawler of the run.</summary>
    public int WebArticles { get; init; }

    /// <summary>Percent of the test web's other pages served as product pages with known fields (testsite --products).</summary>
    public int WebProducts { get; init; }

    /// <summary>Serve the throughput (and scale) web as a static copy with Debian's nginx instead of the in-repo test web
    /// (issue 16: the server's costs are not the crawler's); the latency workload keeps the test web.</summary>
    public bool Nginx { get; init; }

    /// <summary>Runs of each crawler per workload, alternating baseline and Orleans; the median run is reported.</summary>
    public int Repeat { get; init; } = 1;

    /// <summary>Also run the no-Orleans baseline (throughput, latency and, when asked, scale).</summary>
    public bool Baseline { get; init; } = true;

    /// <summary>Run the baseline in the scale workload too (off: a 1M-page crawl takes long enough once).</summary>
    public bool ScaleBaseline { get; init; }

    /// <summary>The baseline persists its frontier as the crawler does (same journal, same SQLite frontier store), so
    /// both do the same work; off only to compare with runs made before the crawler persisted its frontier.</summary>
    public bool BaselineFrontier { get; init; } = true;

    /// <summary>Also crawl the throughput web with <c>ocrawl run --warc</c> (row <c>orleans-warc</c>).</summary>
    public bool Warc { get; init; }

    /// <summary>Also crawl the throughput web with <c>ocrawl run --warc --content</c> (<see cref="Content"/>, else markdown):
    /// row <see cref="ThroughputRunner.WarcContentLabel"/>, its ratio against <c>orleans</c> and its bytes on disk per page.</summary>
    public bool WarcContent { get; init; }

    /// <summary>Silo process counts of the silos workload; the first is the reference.</summary>
    public IReadOnlyList<int> Silos { get; init; } = [1, 3];

    /// <summary>Processors each silo of the silos workload may use (a cgroup CPU quota per silo: silos as small machines,
    /// each bringing its own --concurrency); 0: unconfined, the concurrency split over the silos.</summary>
    public double SiloCpu { get; init; }

    /// <summary>Peer crawlers run on the throughput web, each only when installed: wget2, scrapy, crawlee.</summary>
    public IReadOnlyList<string> Peers { get; init; } = [];

    /// <summary>Crawl the scale web (off: only its truth set goes through the seen-set probe).</summary>
    public bool ScaleCrawl { get; init; } = true;

    /// <summary>Issue 16: runs of each crawler in the startup workload (the median is reported).</summary>
    public int StartupRuns { get; init; } = 5;

    /// <summary>Issue 16: pages of the small-site workload's single-host web.</summary>
    public int SmallSitePages { get; init; } = 500;

    public string OutputDirectory { get; init; } = Path.Combine(Environment.CurrentDirectory, "throughput-results");

    public string CommandLine { get; init; } = "";

    public void Validate()
    {
        if (Workloads.Count == 0)
        {
            throw new ArgumentException("Give at least one workload.");
        }

        if (Pages < Hosts || ScalePages < Hosts || Hosts < 1)
        {
            throw new ArgumentException("--pages and --scale-pages must be at least --hosts, and --hosts at least 1.");
        }

        if (WebArticles is < 0 or > 100 || WebProducts is < 0 or > 100)
        {
            throw new ArgumentException($"--web-articles and --web-products are percents (0-100), not {WebArticles} and {WebProducts}.");
        }

        if (Concurrency < 1 || PerHost < 1 || Repeat < 1 || Partitions < 1)
        {
            throw new ArgumentException("--concurrency, --per-host, --partitions and --repeat must be at least 1.");
        }

        if (Peers.FirstOrDefault(p => !PeerCrawler.All.Any(c => c.Name == p)) is { } unknown)
        {
            throw new ArgumentException($"Unknown peer '{unknown}': {string.Join(", ", PeerCrawler.All.Select(c => c.Name))}.");
        }

        if (StartupRuns < 1 || SmallSitePages < 1)
        {
            throw new ArgumentException("--startup-runs and --small-site-pages must be at least 1.");
        }

        if (Silos.Count == 0 || Silos.Any(s => s < 1))
        {
            throw new ArgumentException("--silos must list silo counts of 1 or more.");
        }
    }

    public static IReadOnlyList<ThroughputWorkload> ParseWorkloads(string text) =>
    [
        .. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(w =>
            Enum.TryParse<ThroughputWorkload>(w.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var workload)
                ? workload
                : throw new ArgumentException($"Unknown workload '{w}': throughput, latency, scale, silos, startup, small-site.")),
    ];

    /// <summary>"all", or a comma-separated list of peer names.</summary>
    public static IReadOnlyList<string> ParsePeers(string? text) =>
        string.IsNullOrWhiteSpace(text) ? []
        : text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase) ? [.. PeerCrawler.All.Select(p => p.Name)]
        : [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => p.ToLowerInvariant())];

    public static string NameOf(ThroughputWorkload workload) => workload == ThroughputWorkload.SmallSite ? "small-site" : workload.ToString().ToLowerInvariant();
}
