using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OrleansCrawler.Bench.Crawling;
using OrleansCrawler.Bench.Prime;
using OrleansCrawler.Core.Safety;
using OrleansCrawler.Core.Seeds;
using OrleansCrawler.Core.Urls;
using OrleansCrawler.Infrastructure.Http;

namespace OrleansCrawler.Bench.Processes;

/// <summary>The body of a worker process (<c>ocrawl bench-worker ...</c>, started only by the lab). Two jobs:
/// <c>crawl --seeds FILE --data DIR --job ID --concurrency K --user-agent UA</c> crawls the hosts of its seeds
/// (its scope is exactly those hosts: links to other workers' hosts are dropped, since every host is the seed of
/// exactly one worker, which finds them itself), and <c>prime --number N --count K</c> checks N, K times.
/// Either way the last stdout line is a <see cref="WorkerReport"/>.
/// <para>A third job is the throughput harness's no-Orleans baseline: <c>baseline --seeds FILE --data DIR --job ID
/// --concurrency K --per-host P --user-agent UA [--frontier true]</c> crawls with <see cref="HostWorkersCrawl"/> and prints the same
/// start (<c>Job ID: ...</c> on stderr) and end (<c>Completed: N URLs fetched ...</c>) lines as <c>ocrawl run</c>, so
/// the harness meters both processes alike.</para></summary>
public static class BenchWorker
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        try
        {
            var job = args.Count > 0 ? args[0] : "";
            var options = ParseOptions(args.Skip(1).ToList());
            WorkerReport report = job switch
            {
                "crawl" => await CrawlAsync(options),
                "baseline" => await BaselineAsync(options, output, error),
                "prime" => Prime(options),
                _ => throw new ArgumentException($"Unknown worker job '{job}' (crawl or prime)."),
            };
            using var self = Process.GetCurrentProcess();
            self.Refresh();
            report = report with { CpuSeconds = self.TotalProcessorTime.TotalSeconds, PeakWorkingSetBytes = self.PeakWorkingSet64 };
            await output.WriteLineAsync(WorkerReport.Prefix + JsonSerializer.Serialize(report));
            await output.FlushAsync();
            return 0;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException or IOException)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return 2;
        }
    }

    private static async Task<WorkerReport> CrawlAsync(Dictionary<string, string> options)
    {
        var seeds = (await File.ReadAllLinesAsync(options["--seeds"])).Where(l => l.Length > 0).ToList();
        var concurrency = int.Parse(options["--concurrency"], CultureInfo.InvariantCulture);
        await using var session = new CrawlSession(seeds, options["--data"], options["--job"], options["--user-agent"], concurrency);
        await Task.Run(() => AsyncCrawl.RunAsync(session, concurrency));
        return new WorkerReport(session.Fetched, session.RobotsDenied, session.Bytes, 0, 0, 0);
    }

    private static async Task<WorkerReport> BaselineAsync(Dictionary<string, string> options, TextWriter output, TextWriter error)
    {
        var seeds = SeedFileParser.ParseFile(options["--seeds"]);
        var concurrency = int.Parse(options["--concurrency"], CultureInfo.InvariantCulture);
        var perHost = int.Parse(options["--per-host"], CultureInfo.InvariantCulture);
        var jobId = options["--job"];
        // What a job's partitions use: the silo's default fetcher options, and the job's address policy (private
        // addresses refused except the seeds' own hosts).
        var addresses = new AddressPolicy(allowPrivate: false, seeds.Select(HostPartitioner.AuthorityOf));
        var frontier = options.GetValueOrDefault("--frontier", "false") switch
        {
            "true" => true,
            "false" => false,
            var value => throw new ArgumentException($"--frontier takes true or false, not '{value}'."),
        };
        await using var session = new CrawlSession(seeds, options["--data"], jobId, options["--user-agent"], new FetcherOptions().MaxConnectionsPerServer,
            addresses, frontier);
        await session.PersistSeedsAsync();
        var clock = Stopwatch.StartNew();
        await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Job {jobId}: {seeds.Count} seed(s), no Orleans, {concurrency} fetches in flight, {perHost} per host, frontier {(frontier ? "persisted" : "in memory only")}"));
        await error.FlushAsync();
        await Task.Run(() => HostWorkersCrawl.RunAsync(session, concurrency, perHost));
        var seconds = clock.Elapsed.TotalSeconds;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Completed: {session.Fetched:N0} URLs fetched, {session.RobotsDenied:N0} denied by robots.txt, in {seconds:N1} s ({session.Fetched / Math.Max(seconds, 0.001):N0} pages/s)"));
        await output.FlushAsync();
        return new WorkerReport(session.Fetched, session.RobotsDenied, session.Bytes, 0, 0, 0);
    }

    private static WorkerReport Prime(Dictionary<string, string> options)
    {
        var number = long.Parse(options["--number"], CultureInfo.InvariantCulture);
        var count = int.Parse(options["--count"], CultureInfo.InvariantCulture);
        return new WorkerReport(0, 0, 0, PrimeWork.Sequential(Enumerable.Repeat(number, count).ToList()), 0, 0);
    }

    private static Dictionary<string, string> ParseOptions(List<string> args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"Expected '--name value' at '{args[i]}'.");
            }

            options[args[i]] = args[i + 1];
        }

        return options;
    }
}
