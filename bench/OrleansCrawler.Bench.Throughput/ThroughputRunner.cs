using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Bench.Cluster;
using OrleansCrawler.Bench.Crawling;
using OrleansCrawler.Bench.Measurement;
using OrleansCrawler.Bench.Throughput.Peers;
using OrleansCrawler.Bench.Throughput.Processes;
using OrleansCrawler.Bench.Throughput.Reporting;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;
using OrleansCrawler.Core.Seeds;
using OrleansCrawler.Infrastructure.Storage;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Bench.Throughput;

/// <summary>Runs the workloads one after the other, each crawler as its own process against a test web in another
/// process, and checks every crawl against the web's truth set. Nothing overlaps: the two cores are shared by one
/// crawler and the web only.</summary>
public sealed partial class ThroughputRunner(ThroughputOptions options, TextWriter log)
{
    public const string BaselineLabel = "baseline";
    public const string OrleansLabel = "orleans";

    /// <summary>The Orleans crawler with <c>--warc</c> on (<c>--warc</c> of the harness; the issue's target: at least
    /// 0.8x the pages/s of the same crawl without).</summary>
    public const string WarcLabel = "orleans-warc";

    /// <summary>The Orleans crawler with <c>--content</c> (<see cref="ThroughputOptions.Content"/>), compared with <see cref="OrleansLabel"/>.</summary>
    public const string ContentLabel = "content";

    /// <summary>The Orleans crawler with <c>--warc</c> and <c>--content</c> (its format, else markdown) both on, compared with
    /// <see cref="OrleansLabel"/> in the same run (issue 14: at least 0.8x).</summary>
    public const string WarcContentLabel = "warc-content";

    /// <summary>The Orleans crawler with <c>--dedup</c> (<see cref="ThroughputOptions.Dedup"/>), compared with <see cref="OrleansLabel"/>.</summary>
    public const string DedupLabel = "dedup";

    /// <summary>The Orleans crawler with <c>--content</c> (its format, else markdown) and <c>--dedup</c> both on: the two
    /// features that read a page's main content (issue 16: found once per page and shared).</summary>
    public const string ContentDedupLabel = "content-dedup";

    /// <summary>Issue 15's row: <c>ocrawl run --extract RULES --dedup</c> (the test web's product field rules, applied to
    /// every HTML page), compared with <see cref="OrleansLabel"/>.</summary>
    public const string FieldsDedupLabel = "fields-dedup";

    /// <summary>The field rules file of the <see cref="FieldsDedupLabel"/> row, in the crawl's folder.</summary>
    public const string FieldRulesFile = "rules.yaml";
    private const string BaselineJob = "baseline";

    private readonly List<ThroughputRow> _rows = [];
    private SeenSetProbe.Result? _seenSet;

    public static string SilosLabel(int silos) => silos == 1 ? "orleans-1-silo" : $"orleans-{silos}-silos";

    /// <exception cref="BenchSetupException">ocrawl is not built, or the silos workload lacks Redis/PostgreSQL/the silo build.</exception>
    public async Task<ThroughputResults> RunAsync(CancellationToken cancellationToken = default)
    {
        options.Validate();
        var ocrawl = Ocrawl.Find();
        var siloDll = options.Workloads.Contains(ThroughputWorkload.Silos) ? ClusterBackends.CheckPrerequisites() : null;
        Directory.CreateDirectory(options.OutputDirectory);
        var machine = MachineInfo.Capture();
        await log.WriteLineAsync($"Throughput harness: {machine.Describe()}; results in {options.OutputDirectory}");
        var started = DateTimeOffset.UtcNow;
        foreach (var workload in options.Workloads)
        {
            switch (workload)
            {
                case ThroughputWorkload.Silos:
                    await RunSilosAsync(ocrawl, siloDll!, cancellationToken);
                    break;
                case ThroughputWorkload.Startup or ThroughputWorkload.SmallSite:
                    // Issue 16: launch to exit, each process timed by /usr/bin/time.
                    _rows.AddRange(await new LaunchToExitRunner(options, ocrawl, log).RunAsync(workload, cancellationToken));
                    break;
                case ThroughputWorkload.Scale:
                    await RunWebAsync(ocrawl, workload, options.ScalePages, TimeSpan.Zero, cancellationToken);
                    break;
                case ThroughputWorkload.Latency:
                    await RunWebAsync(ocrawl, workload, options.Pages, options.Latency, cancellationToken);
                    break;
                default:
                    await RunWebAsync(ocrawl, workload, options.Pages, TimeSpan.Zero, cancellationToken);
                    break;
            }
        }

        var rows = WithRatios(_rows);
        var summary = Summarize(rows);
        return new ThroughputResults(options, machine with { LoadAtEnd = MachineInfo.LoadAverage() }, started, rows, summary,
            Targets.Evaluate(options, summary, _seenSet), _seenSet);
    }

    private async Task RunWebAsync(string ocrawl, ThroughputWorkload workload, int pages, TimeSpan latency, CancellationToken cancellationToken)
    {
        var name = ThroughputOptions.NameOf(workload);
        var dir = Path.Combine(options.OutputDirectory, name);
        // With added latency the web logs its requests: where the time went, against the ceiling (WebServiceStats).
        // --nginx: a static copy served by nginx wherever no latency is added (nginx cannot add it per response).
        var nginx = options.Nginx && latency == TimeSpan.Zero;
        await using var web = nginx
            ? await NginxWeb.StartAsync(ocrawl, pages, options.Hosts, Path.Combine(dir, "web"), cancellationToken, options.WebArticles, options.WebProducts)
            : await TestWebProcess.StartAsync(ocrawl, pages, options.Hosts, latency, Path.Combine(dir, "web"), cancellationToken,
                requestLog: latency > TimeSpan.Zero, articles: options.WebArticles, products: options.WebProducts);
        await log.WriteLineAsync(Invariant($"{name}: {(nginx ? "nginx serving a static copy of the " : "")}test web of {pages:N0} pages on {options.Hosts} hosts, latency {latency.TotalMilliseconds:0} ms, truth {web.Truth.Count:N0} pages (pid {web.Process.Id}); load {MachineInfo.LoadAverage()}"));
        var withBaseline = options.Baseline && (workload != ThroughputWorkload.Scale || options.ScaleBaseline);
        if (workload == ThroughputWorkload.Scale)
        {
            // The seen-set at the web's full size, whether or not it is crawled: its truth set, partitioned as a job does.
            _seenSet = SeenSetProbe.Measure(web.Truth);
            await log.WriteLineAsync(Invariant($"  seen-set over the truth set: {_seenSet.Value.BytesPerUrl:0.0} B/URL, {_seenSet.Value.Urls:N0} URLs in {_seenSet.Value.Partitions} partitions ({_seenSet.Value.Bytes / 1048576.0:0.0} MiB)"));
            if (!options.ScaleCrawl)
            {
                return;
            }
        }

        for (var run = 1; run <= options.Repeat; run++)
        {
            // Alternate the order, so that neither crawler always runs on a machine the other just warmed or loaded.
            var order = !withBaseline ? [OrleansLabel] : run % 2 == 1 ? new[] { BaselineLabel, OrleansLabel } : [OrleansLabel, BaselineLabel];
            if (options.Warc && workload == ThroughputWorkload.Throughput)
            {
                order = run % 2 == 1 ? [.. order, WarcLabel] : [WarcLabel, .. order];
            }

            if (options.Content is not null && workload != ThroughputWorkload.Scale)
            {
                order = [.. order, ContentLabel];
            }

            if (options.Dedup && workload == ThroughputWorkload.Throughput)
            {
                order = run % 2 == 1 ? [.. order, DedupLabel] : [DedupLabel, .. order];
            }

            if (options.ContentDedup && workload == ThroughputWorkload.Throughput)
            {
                order = run % 2 == 1 ? [.. order, ContentDedupLabel] : [ContentDedupLabel, .. order];
            }

            if (options.FieldsDedup && workload == ThroughputWorkload.Throughput)
            {
                order = run % 2 == 1 ? [.. order, FieldsDedupLabel] : [FieldsDedupLabel, .. order];
            }

            if (options.WarcContent && workload == ThroughputWorkload.Throughput)
            {
                order = run % 2 == 1 ? [.. order, WarcContentLabel] : [WarcContentLabel, .. order];
            }

            foreach (var crawler in order)
            {
                var row = await CrawlAsync(ocrawl, name, crawler, run, web, Path.Combine(dir, Invariant($"{crawler}-{run}")), cancellationToken);
                _rows.Add(row);
                await Report(row);
                if (workload == ThroughputWorkload.Scale && crawler == OrleansLabel && _seenSet is { } seen)
                {
                    await log.WriteLineAsync(Invariant($"  seen-set over the stored URLs: {seen.BytesPerUrl:0.0} B/URL, {seen.Urls:N0} URLs in {seen.Partitions} partitions ({seen.Bytes / 1048576.0:0.0} MiB)"));
                }
            }
        }

        if (workload == ThroughputWorkload.Throughput)
        {
            foreach (var peer in PeerCrawler.All.Where(p => options.Peers.Contains(p.Name)))
            {
                var row = await peer.RunAsync(name, web, Path.Combine(dir, peer.Name), options, cancellationToken);
                _rows.Add(row);
                await Report(row);
            }
        }
    }

    /// <summary>The command line (after <c>dotnet</c>) of one crawl: ocrawl run for the Orleans crawler, the
    /// baseline worker otherwise, with the harness's concurrency, partitions and frontier choices.</summary>
    public static IReadOnlyList<string> CrawlerArguments(ThroughputOptions options, string ocrawl, string crawler, string seedsFile, string dir)
    {
        var c = options.Concurrency.ToString(CultureInfo.InvariantCulture);
        var p = options.PerHost.ToString(CultureInfo.InvariantCulture);
        return crawler != BaselineLabel
            // The test web's pages of a host share one path shape (/sN/pN.html): no path-variants cap for a benchmark; and
            // no per-host delay (the default is polite to real sites, this web is ours).
            ? [ocrawl, "run", seedsFile, "--data", dir, "--quiet", "--concurrency", c, "--per-host", p, "--max-path-variants", "2147483647",
                "--delay", "0",
                .. options.Partitions is { } partitions ? ["--partitions", partitions.ToString(CultureInfo.InvariantCulture)] : Array.Empty<string>(),
                .. crawler is WarcLabel or WarcContentLabel ? ["--warc", Path.Combine(dir, "warc")] : Array.Empty<string>(),
                .. crawler is ContentLabel or WarcContentLabel or ContentDedupLabel ? ["--content", options.Content ?? "markdown"] : Array.Empty<string>(),
                .. crawler is DedupLabel or ContentDedupLabel or FieldsDedupLabel ? ["--dedup"] : Array.Empty<string>(),
                .. crawler is FieldsDedupLabel ? ["--extract", Path.Combine(dir, FieldRulesFile)] : Array.Empty<string>()]
            : [ocrawl, "bench-worker", "baseline", "--seeds", seedsFile, "--data", dir, "--job", BaselineJob, "--concurrency", c, "--per-host", p,
                "--user-agent", JobSpec.DefaultUserAgent, "--frontier", options.BaselineFrontier ? "true" : "false"];
    }

    private async Task<ThroughputRow> CrawlAsync(string ocrawl, string workload, string crawler, int run, TestWebProcess web, string dir,
        CancellationToken cancellationToken)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
        if (crawler == FieldsDedupLabel)
        {
            await File.WriteAllTextAsync(Path.Combine(dir, FieldRulesFile), ProductFieldRules.Yaml, cancellationToken);
        }

        var args = CrawlerArguments(options, ocrawl, crawler, web.SeedsFile, dir);
        var serverCpu = ChildProcessMeter.Cpu(web.Process.Id);
        var timeout = TimeSpan.FromSeconds(Math.Max(600, web.Truth.Count / 20.0));
        var launchedAt = DateTimeOffset.UtcNow;
        var reapedCpu = ReapedChildrenCpu.Now();
        await using var process = MeteredProcess.Start(crawler, "dotnet", args, dir, isStart: IsStartLine, isEnd: IsEndLine);
        var exit = await process.WaitForExitAsync(timeout, cancellationToken);
        var exitCpu = ReapedChildrenCpu.Now() - reapedCpu;
        serverCpu = ChildProcessMeter.Cpu(web.Process.Id) - serverCpu;
        if (exit != 0 || process.AtEnd is null || process.AtStart is null)
        {
            throw new InvalidOperationException($"{crawler} exited {exit} without finishing its crawl. Output:\n{process.Output}");
        }

        var jobId = process.MarkedLines.Select(l => JobLine().Match(l)).First(m => m.Success).Groups[1].Value;
        var window = process.Measured();
        var records = await ReadRecordsAsync(dir, jobId, cancellationToken);
        var check = CrawlCheck.Of(web.Truth, records);
        if (crawler == OrleansLabel && workload == ThroughputOptions.NameOf(ThroughputWorkload.Scale))
        {
            // Every URL the crawl stored (pages, images, 404s ...), a larger set than the truth.
            _seenSet = SeenSetProbe.Measure(records.Select(r => r.Url));
        }

        var notes = crawler != BaselineLabel
            ? Invariant($"ocrawl run{crawler switch { WarcLabel => " --warc", ContentLabel => " --content", WarcContentLabel => " --warc --content", DedupLabel => " --dedup", ContentDedupLabel => " --content --dedup", FieldsDedupLabel => " --extract --dedup", _ => "" }}: 1 embedded silo, SQLite; start-up {(process.AtStart.Value.Wall - process.Launched.Wall).TotalSeconds:0.0} s before the job (not in pages/s); {DiskUsage.Of(dir).Describe(check.UrlsFetched)}")
            : Invariant($"ocrawl bench-worker baseline: async/await, same fetcher/parser/store/seen-set/robots; start-up {(process.AtStart.Value.Wall - process.Launched.Wall).TotalSeconds:0.0} s");
        if (web.RequestLogFile is not null)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken); // the web flushes its log every 100 ms
            var served = WebServiceStats.Read(web.RequestLogFile, launchedAt + (process.AtStart.Value.Wall - process.Launched.Wall),
                launchedAt + (process.AtEnd.Value.Wall - process.Launched.Wall));
            notes += served is null ? "; web side: no requests logged in the window" : "; " + served;
        }

        return new ThroughputRow(workload, crawler, run, check.UrlsFetched, window.Wall.TotalSeconds, window.Cpu.TotalSeconds, window.ProcessCpu.TotalSeconds,
            window.PeakBytes, serverCpu.TotalSeconds, check.ToString(), check.IsExact, notes)
        {
            ExitCpuSeconds = exitCpu?.TotalSeconds ?? 0,
            HtmlPages = check.HtmlFetched,
        };
    }

    private static async Task<List<PageRecord>> ReadRecordsAsync(string dataDirectory, string jobId, CancellationToken cancellationToken)
    {
        await using var store = SqlitePageStore.Open(dataDirectory);
        return await store.ReadAsync(jobId, cancellationToken, pageSize: 5000).ToListAsync(cancellationToken);
    }

    /// <summary>1 and 3 (the options' counts) silo processes crawling the throughput web, with the same total
    /// concurrency split over the silos; each silo's CPU and peak summed.</summary>
    private async Task RunSilosAsync(string ocrawl, string siloDll, CancellationToken cancellationToken)
    {
        var name = ThroughputOptions.NameOf(ThroughputWorkload.Silos);
        var dir = Path.Combine(options.OutputDirectory, name);
        await using var web = await TestWebProcess.StartAsync(ocrawl, options.Pages, options.Hosts, TimeSpan.Zero, Path.Combine(dir, "web"), cancellationToken);
        await log.WriteLineAsync(Invariant($"{name}: test web of {options.Pages:N0} pages on {options.Hosts} hosts, truth {web.Truth.Count:N0}; Redis + PostgreSQL; load {MachineInfo.LoadAverage()}"));
        await using var backends = await ClusterBackends.StartAsync(siloDll);
        var seeds = SeedFileParser.ParseFile(web.SeedsFile);
        var settings = new Dictionary<string, string?> { ["Crawler__Fetcher__UserAgent"] = JobSpec.DefaultUserAgent };
        for (var run = 1; run <= options.Repeat; run++)
        {
            foreach (var silos in run % 2 == 1 ? options.Silos : options.Silos.Reverse())
            {
                var perSilo = options.SiloCpu > 0 ? options.Concurrency : (options.Concurrency + silos - 1) / silos;
                var clusterId = Invariant($"throughput-{silos}-{Guid.NewGuid().ToString("N")[..6]}");
                var startup = Stopwatch.StartNew();
                await using var cluster = await SiloCluster.StartAsync(backends, silos, clusterId, settings, cancellationToken, options.SiloCpu);
                startup.Stop();
                var spec = new JobSpec([.. seeds], MaxPages: 0, MaxDepth: -1, ScopeKind.Host, [], [], Concurrency: perSilo, PerHostConcurrency: options.PerHost,
                    PartitionCount: JobSpec.DefaultPartitionCount, UserAgent: JobSpec.DefaultUserAgent) { MaxPathVariants = int.MaxValue };
                var serverCpu = ChildProcessMeter.Cpu(web.Process.Id);
                var outcome = await ClusterCrawl.RunAsync(cluster, "silos", spec, cancellationToken: cancellationToken, backends: backends);
                serverCpu = ChildProcessMeter.Cpu(web.Process.Id) - serverCpu;
                var check = CrawlCheck.Of(web.Truth, outcome.Records);
                var row = new ThroughputRow(name, SilosLabel(silos), run, check.UrlsFetched, outcome.Wall.TotalSeconds, outcome.SiloCpu.TotalSeconds,
                    outcome.SiloCpu.TotalSeconds, outcome.SiloPeakBytes, serverCpu.TotalSeconds, check.ToString(), check.IsExact,
                    Invariant($"{silos} silo process{(silos == 1 ? "" : "es")} × {perSilo} in flight, Redis + PostgreSQL; start-up {startup.Elapsed.TotalSeconds:0.0} s not counted; CPU and peak summed over the silos; ")
                    + Confinement(cluster, outcome.Diagnostics)
                    + Invariant($"PostgreSQL {outcome.Diagnostics.PostgresCpu.TotalSeconds:0.0} s, Redis {outcome.Diagnostics.RedisCpu.TotalSeconds:0.0} s CPU; ")
                    + Invariant($"between silos {outcome.Diagnostics.CrossSiloBytes / (double)Math.Max(1, check.UrlsFetched):0} B per URL"));
                _rows.Add(row);
                await Report(row);
            }
        }
    }

    private string Confinement(SiloCluster cluster, ClusterCrawl.Diagnostics diagnostics) =>
        options.SiloCpu <= 0 ? ""
        : cluster.ConfinementNote is { } note ? note + "; "
        : Invariant($"each silo {options.SiloCpu:0.##} CPU, throttled in {diagnostics.SiloThrottledShare.Average():P0} of periods; ");

    /// <summary>Each row's pages/s over its reference in the same workload and run: the baseline for Orleans rows,
    /// the first silo count for silo rows, the Orleans row for peers.</summary>
    private List<ThroughputRow> WithRatios(List<ThroughputRow> rows) => [.. rows.Select(r => r with { Ratio = ReferenceOf(r, rows) is { } reference && reference.PagesPerSecond > 0 && r.Available
        ? r.PagesPerSecond / reference.PagesPerSecond
        : null })];

    private ThroughputRow? ReferenceOf(ThroughputRow row, IReadOnlyList<ThroughputRow> rows)
    {
        var referenceLabel = row.Crawler switch
        {
            // Issue 16's workloads: ocrawl over wget2 on the same web, launch to exit.
            _ when row.Workload == LaunchToExitRunner.StartupName || row.Workload == LaunchToExitRunner.SmallSiteName
                => row.Crawler == OrleansLabel ? LaunchToExitRunner.Wget2Label : null,
            BaselineLabel => null,
            OrleansLabel => BaselineLabel,
            _ when row.Workload == ThroughputOptions.NameOf(ThroughputWorkload.Silos) => SilosLabel(options.Silos[0]),
            _ => OrleansLabel,
        };
        return referenceLabel is null || referenceLabel == row.Crawler
            ? null
            : rows.FirstOrDefault(r => r.Workload == row.Workload && r.Crawler == referenceLabel && (r.Run == row.Run || row.Run == 0) && r.Available);
    }

    /// <summary>Per workload and crawler the run with the median pages/s; ratios between medians.</summary>
    private List<ThroughputRow> Summarize(List<ThroughputRow> rows)
    {
        var medians = rows.GroupBy(r => (r.Workload, r.Crawler))
            .Select(g => g.OrderBy(r => r.PagesPerSecond).ElementAt((g.Count() - 1) / 2) with { Ratio = null })
            .ToList();
        return [.. medians.Select(r => r with
        {
            Ratio = ReferenceOf(r with { Run = 0 }, medians) is { } reference && reference.PagesPerSecond > 0 && r.Available ? r.PagesPerSecond / reference.PagesPerSecond : null,
        })];
    }

    private static bool IsStartLine(string line) => JobLine().IsMatch(line);

    private static bool IsEndLine(string line) => line.Contains(" URLs fetched", StringComparison.Ordinal);

    [GeneratedRegex(@"^Job (\S+): ")]
    private static partial Regex JobLine();

    private Task Report(ThroughputRow r) => log.WriteLineAsync(r.Available
        ? Invariant($"  {r.Crawler,-16} run {r.Run}: {r.Urls,9:N0} URLs in {r.WallSeconds,7:0.00} s = {r.PagesPerSecond,7:N0} pages/s, CPU {r.CpuMsPerPage:0.000} ms/page (process {r.ProcessCpuMsPerPage:0.000}; launch to exit {r.ExitCpuMsPerUrl:0.000} ms/URL, {r.ExitCpuMsPerHtmlPage:0.000} ms/HTML page), peak {r.PeakMegabytes:0} MB, web server CPU {r.ServerCpuSeconds:0.0} s; {r.Check}; load {MachineInfo.LoadAverage()}")
        : $"  {r.Crawler,-16} skipped: {r.Notes}");

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
