using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OrleansCrawler.Bench.Crawling;
using OrleansCrawler.Bench.Prime;

namespace OrleansCrawler.Bench.Processes;

/// <summary>The body of a worker process (<c>ocrawl bench-worker ...</c>, started only by the lab). Two jobs:
/// <c>crawl --seeds FILE --data DIR --job ID --concurrency K --user-agent UA</c> crawls the hosts of its seeds
/// (its scope is exactly those hosts: links to other workers' hosts are dropped, since every host is the seed of
/// exactly one worker, which finds them itself), and <c>prime --number N --count K</c> checks N, K times.
/// Either way the last stdout line is a <see cref="WorkerReport"/>.</summary>
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
