using System.CommandLine;
using System.Globalization;
using OrleansCrawler.Bench;
using OrleansCrawler.Bench.Cluster;
using OrleansCrawler.Bench.Processes;
using OrleansCrawler.Bench.Reporting;

namespace OrleansCrawler.Cli.Commands;

/// <summary><c>ocrawl bench</c>: the concurrency lab (see docs/concurrency-lab.md), and the hidden
/// <c>ocrawl bench-worker</c> that its processes mode starts.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "A run of about a minute: a small test web, fewer primes" };
        var workloads = new Option<string>("--workloads") { Description = "Comma-separated: io, cpu, prime", DefaultValueFactory = _ => "io,cpu,prime" };
        var modes = new Option<string>("--modes")
        {
            Description = "Comma-separated: sequential, threads, producer-consumer, thread-pool, parallel, processes, async-single, async-pool, orleans",
            DefaultValueFactory = _ => string.Join(',', BenchModes.All.Select(BenchModes.NameOf)),
        };
        var pages = new Option<int?>("--pages") { Description = "Pages of the test web, both crawl workloads (io 2000, cpu 2000; io 50, cpu 400 with --quick)" };
        var cpuPages = new Option<int?>("--cpu-pages") { Description = "Pages of the test web in the cpu workload only (overrides --pages there)" };
        var hosts = new Option<int?>("--hosts") { Description = "Hosts of the test web (20; 4 with --quick)" };
        var latency = new Option<string>("--latency") { Description = "Added to every response in the io workload, e.g. 50ms", DefaultValueFactory = _ => "50ms" };
        var silos = new Option<string>("--silos")
        {
            Description = "Silo process counts of the orleans mode, e.g. 1,2,3: each a local cluster (needs redis-server and postgresql); " +
                "0 for none. The mode also runs one silo in this process.",
            DefaultValueFactory = _ => "1",
        };
        var siloCpu = new Option<double>("--silo-cpu")
        {
            Description = "Processors each silo process may use, e.g. 0.4: every silo becomes a small machine (a cgroup CPU quota; needs root) " +
                "and brings its own --concurrency; 0 = unconfined, the concurrency split over the silos",
            DefaultValueFactory = _ => 0,
        };
        var concurrency = new Option<int>("--concurrency") { Description = "URLs in progress at once in every concurrent mode", DefaultValueFactory = _ => BenchOptions.Full.Concurrency };
        var perHost = new Option<int?>("--per-host") { Description = "Per-host limit of the cluster rows' job (default: the job's total in flight)" };
        var workers = new Option<int>("--workers") { Description = "Worker processes in the processes mode (default: cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var primeCount = new Option<int?>("--prime-count") { Description = "How many times is_prime runs (100; 30 with --quick)" };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Folder for the report, chart and data (./bench-results/<timestamp>)" };

        var command = new Command("bench", "Compare threads, processes, async/await and Orleans on the same crawl (run with -c Release)");
        foreach (var option in new Option[] { quick, workloads, modes, pages, cpuPages, hosts, latency, silos, siloCpu, concurrency, perHost, workers, primeCount, output })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, outerToken) =>
        {
            using var signal = new ShutdownSignal(outerToken);
            BenchOptions options;
            try
            {
                var defaults = result.GetValue(quick) ? BenchOptions.Quick : BenchOptions.Full;
                var startedAt = DateTimeOffset.UtcNow;
                var outDir = result.GetValue(output)?.FullName
                    ?? Path.Combine(Environment.CurrentDirectory, "bench-results", startedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
                options = defaults with
                {
                    Workloads = BenchModes.ParseWorkloads(result.GetValue(workloads)!),
                    Modes = BenchModes.ParseModes(result.GetValue(modes)!),
                    Pages = result.GetValue(pages) ?? defaults.Pages,
                    CpuPages = result.GetValue(cpuPages) ?? result.GetValue(pages) ?? defaults.CpuPages,
                    Hosts = result.GetValue(hosts) ?? defaults.Hosts,
                    Latency = ParseDuration(result.GetValue(latency)!),
                    Silos = BenchModes.ParseSilos(result.GetValue(silos)!),
                    SiloCpu = result.GetValue(siloCpu),
                    Concurrency = result.GetValue(concurrency),
                    PerHost = result.GetValue(perHost),
                    Workers = result.GetValue(workers),
                    PrimeCount = result.GetValue(primeCount) ?? defaults.PrimeCount,
                    OutputDirectory = outDir,
                    CommandLine = "ocrawl " + string.Join(' ', result.Tokens.Select(t => t.Value)),
                };
                options.Validate();
            }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.BadInput;
            }

            var started = DateTimeOffset.UtcNow;
            Console.Error.WriteLine($"Concurrency lab: results in {options.OutputDirectory}");
            IReadOnlyList<BenchResult> results;
            try
            {
                results = await new BenchRunner(options, WorkerLauncher.ForCurrentProcess(), Console.Error).RunAsync(signal.Token);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("Interrupted.");
                return ExitCodes.Interrupted;
            }
            catch (BenchSetupException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.Unavailable;
            }

            var files = await BenchReport.WriteAsync(options, results, started, CancellationToken.None);
            Console.WriteLine();
            Console.WriteLine(ResultTable.ToText(results));
            Console.Write(ScalingTable.ToText(results));
            foreach (var file in files)
            {
                Console.WriteLine($"Wrote {file}");
            }

            return results.All(r => r.CheckPassed) ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    /// <summary>The worker process of the processes mode; only the lab starts it.</summary>
    public static Command CreateWorker()
    {
        var args = new Argument<string[]>("ARGS") { Arity = ArgumentArity.ZeroOrMore };
        var command = new Command(WorkerLauncher.DefaultSubcommand, "Internal: a worker process of ocrawl bench") { Hidden = true };
        command.Arguments.Add(args);
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, _) => BenchWorker.RunAsync(result.GetValue(args) ?? [], Console.Out, Console.Error));
        return command;
    }

    /// <summary>"50ms", "1s", "0", or a bare number of milliseconds.</summary>
    private static TimeSpan ParseDuration(string text)
    {
        var t = text.Trim();
        var (number, unit) = t.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (t[..^2], 1.0)
            : t.EndsWith('s') || t.EndsWith('S') ? (t[..^1], 1000.0)
            : (t, 1.0);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? TimeSpan.FromMilliseconds(value * unit)
            : throw new ArgumentException($"Bad --latency '{text}': give e.g. 50ms, 0.2s or 0.");
    }
}
