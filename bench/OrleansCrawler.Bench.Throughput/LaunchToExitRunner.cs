using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using OrleansCrawler.Bench.Cluster;
using OrleansCrawler.Bench.Crawling;
using OrleansCrawler.Bench.Measurement;
using OrleansCrawler.Bench.Throughput.Processes;
using OrleansCrawler.Bench.Throughput.Reporting;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Urls;
using OrleansCrawler.Infrastructure.Storage;

namespace OrleansCrawler.Bench.Throughput;

/// <summary>Issue 16's workloads, measured as a user sees them: from launch to exit, start-up and shut-down included.
/// <c>startup</c>: a one-page web crawled by <c>ocrawl run</c> <see cref="ThroughputOptions.StartupRuns"/> times;
/// <c>small-site</c>: a single-host web of <see cref="ThroughputOptions.SmallSitePages"/> pages, ocrawl and wget2 in
/// turn. Every process is run under <c>/usr/bin/time</c>, whose figures are the kernel's own accounting of the reaped
/// child (wall, user + system CPU, peak RSS): exact for a process of half a second, where polling /proc is not. Every
/// crawl is checked against the web's truth set.</summary>
public sealed partial class LaunchToExitRunner(ThroughputOptions options, string ocrawl, TextWriter log)
{
    public const string TimeProgram = "/usr/bin/time";
    public const string Wget2Label = "wget2";

    public static string StartupName => ThroughputOptions.NameOf(ThroughputWorkload.Startup);

    public static string SmallSiteName => ThroughputOptions.NameOf(ThroughputWorkload.SmallSite);

    /// <summary>Why the workloads cannot run here, or null.</summary>
    public static string? Unavailable() => File.Exists(TimeProgram) ? null : $"{TimeProgram} is missing (apt-get install time)";

    public async Task<IReadOnlyList<ThroughputRow>> RunAsync(ThroughputWorkload workload, CancellationToken cancellationToken)
    {
        var (name, pages, runs) = workload == ThroughputWorkload.Startup
            ? (StartupName, 1, options.StartupRuns)
            : (SmallSiteName, options.SmallSitePages, options.Repeat);
        if (Unavailable() is { } why)
        {
            throw new BenchSetupException(why);
        }

        var dir = Path.Combine(options.OutputDirectory, name);
        await using var web = await TestWebProcess.StartAsync(ocrawl, pages, 1, TimeSpan.Zero, Path.Combine(dir, "web"), cancellationToken);
        await log.WriteLineAsync(I($"{name}: test web of {pages:N0} page(s) on 1 host, truth {web.Truth.Count:N0}; {runs} run(s) each, launch to exit; load {MachineInfo.LoadAverage()}"));
        var wget2 = OnPath("wget2");
        var rows = new List<ThroughputRow>();
        for (var run = 1; run <= runs; run++)
        {
            // Alternate, so that neither always runs on a machine the other just warmed.
            var order = wget2 is null ? [ThroughputRunner.OrleansLabel] : run % 2 == 1 ? new[] { ThroughputRunner.OrleansLabel, Wget2Label } : [Wget2Label, ThroughputRunner.OrleansLabel];
            foreach (var crawler in order)
            {
                var runDir = Path.Combine(dir, I($"{crawler}-{run}"));
                var row = crawler == Wget2Label
                    ? await Wget2Async(name, run, web, runDir, wget2!, cancellationToken)
                    : await OcrawlAsync(name, run, web, runDir, cancellationToken);
                rows.Add(row);
                await log.WriteLineAsync(I($"  {crawler,-8} run {run}: {row.Urls:N0} URLs, wall {row.WallSeconds:0.00} s, CPU {row.CpuSeconds:0.00} s, peak {row.PeakMegabytes:0} MB; {row.Check}"));
            }
        }

        if (wget2 is null)
        {
            rows.Add(ThroughputRow.Skipped(name, Wget2Label, "wget2 is not installed (apt-get install wget2)"));
        }

        foreach (var group in rows.Where(r => r.Available).GroupBy(r => r.Crawler))
        {
            await log.WriteLineAsync(I($"  {group.Key,-8} median of {group.Count()}: wall {Median(group.Select(r => r.WallSeconds)):0.000} s, CPU {Median(group.Select(r => r.CpuSeconds)):0.000} s"));
        }

        return rows;
    }

    /// <summary><c>ocrawl run</c>'s arguments for these workloads (after <c>dotnet</c>): the harness's concurrency, no
    /// per-host delay (the web is ours), no path-variants cap (the test web's pages share one path shape).</summary>
    public static IReadOnlyList<string> OcrawlArguments(ThroughputOptions options, string ocrawl, string seedsFile, string dir) =>
        [ocrawl, "run", seedsFile, "--data", dir, "--quiet", "--delay", "0", "--concurrency", I($"{options.Concurrency}"), "--per-host", I($"{options.PerHost}"),
            "--max-path-variants", "2147483647"];

    private async Task<ThroughputRow> OcrawlAsync(string name, int run, TestWebProcess web, string dir, CancellationToken cancellationToken)
    {
        Fresh(dir);
        var timed = await TimedAsync("dotnet", OcrawlArguments(options, ocrawl, web.SeedsFile, dir), dir, web, cancellationToken);
        var jobId = timed.Exit == 0 ? JobLine().Match(timed.Output) is { Success: true } m ? m.Groups[1].Value : null : null;
        if (jobId is null)
        {
            throw new InvalidOperationException($"ocrawl run exited {timed.Exit} without finishing its crawl. Output:\n{timed.Output}");
        }

        List<Core.Results.PageRecord> records;
        await using (var store = SqlitePageStore.Open(dir))
        {
            records = await store.ReadAsync(jobId, cancellationToken).ToListAsync(cancellationToken);
        }

        var check = CrawlCheck.Of(web.Truth, records);
        return new ThroughputRow(name, ThroughputRunner.OrleansLabel, run, check.UrlsFetched, timed.Wall, timed.Cpu, timed.Cpu, timed.PeakBytes, timed.ServerCpu,
            check.ToString(), check.IsExact, I($"ocrawl run --delay 0 (embedded silo, SQLite), launch to exit by {TimeProgram}; {Path.GetFileName(ocrawl)} from {Path.GetDirectoryName(ocrawl)}"))
        {
            // The whole process is timed from launch to exit: its CPU is the launch-to-exit CPU.
            ExitCpuSeconds = timed.Cpu,
            HtmlPages = check.HtmlFetched,
        };
    }

    private async Task<ThroughputRow> Wget2Async(string name, int run, TestWebProcess web, string dir, string wget2, CancellationToken cancellationToken)
    {
        Fresh(dir);
        var site = Path.Combine(dir, "site.csv");
        var timed = await TimedAsync(wget2, Wget2Arguments(options, web.SeedsFile, dir), dir, web, cancellationToken);
        var fetched = Wget2Fetched(site);
        var found = web.Truth.Intersect(fetched.Where(f => f.Status == 200).Select(f => f.Url)).Count();
        // As for every peer (PeerCrawler): wget2 normalizes URLs its own way, so its check is the share of the truth it
        // fetched, not an exact match.
        var check = I($"{found:N0} of {web.Truth.Count:N0} truth pages ({(double)found / web.Truth.Count:P1})");
        return new ThroughputRow(name, Wget2Label, run, fetched.Count, timed.Wall, timed.Cpu, timed.Cpu, timed.PeakBytes, timed.ServerCpu, check, found > 0,
            I($"wget2 -r --robots=on --max-threads={options.Concurrency} --delete-after, launch to exit by {TimeProgram}; exit {timed.Exit}"))
        {
            ExitCpuSeconds = timed.Cpu,
            HtmlPages = found,
        };
    }

    public static IReadOnlyList<string> Wget2Arguments(ThroughputOptions options, string seedsFile, string dir) =>
    [
        "--recursive", "--level=inf", "--robots=on", I($"--max-threads={options.Concurrency}"), "--no-directories", "--delete-after", "--quiet",
        "--directory-prefix", Path.Combine(dir, "files"), "--stats-site=csv:" + Path.Combine(dir, "site.csv"), "--input-file", seedsFile,
    ];

    /// <summary>What wget2 requested, from its site statistics (CSV: ID,ParentID,URL,Status,...), URLs normalized as the truth is.</summary>
    public static IReadOnlyList<(string Url, int Status)> Wget2Fetched(string siteCsv) =>
        !File.Exists(siteCsv) ? [] : [.. File.ReadLines(siteCsv).Skip(1).Select(l => l.Split(',')).Where(f => f.Length > 3)
            .Select(f => (UrlNormalizer.TryNormalize(f[2], null, out var url) ? url : f[2], int.TryParse(f[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 0))];

    private readonly record struct Timed(int Exit, double Wall, double Cpu, long PeakBytes, double ServerCpu, string Output);

    /// <summary>Runs the program under /usr/bin/time, its figures written to a file of their own (never mixed with the
    /// program's output).</summary>
    private static async Task<Timed> TimedAsync(string program, IEnumerable<string> arguments, string dir, TestWebProcess web, CancellationToken cancellationToken)
    {
        var figures = Path.Combine(dir, "time.txt");
        var start = new ProcessStartInfo(TimeProgram) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        foreach (var a in (string[])["-f", "%e %U %S %M", "-o", figures, program, .. arguments])
        {
            start.ArgumentList.Add(a);
        }

        var serverCpu = ChildProcessMeter.Cpu(web.Process.Id);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{TimeProgram} did not start");
        var output = new StringBuilder();
        var read = Task.WhenAll(CopyAsync(process.StandardOutput, output), CopyAsync(process.StandardError, output));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await read;
        serverCpu = ChildProcessMeter.Cpu(web.Process.Id) - serverCpu;
        // "Command exited with non-zero status N" may come first; the figures are the last line.
        var f = File.ReadAllLines(figures).Last().Split(' ');
        double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
        return new Timed(process.ExitCode, D(0), D(1) + D(2), long.Parse(f[3], CultureInfo.InvariantCulture) * 1024, serverCpu.TotalSeconds, output.ToString());
    }

    private static async Task CopyAsync(StreamReader reader, StringBuilder into)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (into)
            {
                into.AppendLine(line);
            }
        }
    }

    private static void Fresh(string dir)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string? OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);

    [GeneratedRegex(@"^Job (\S+): ", RegexOptions.Multiline)]
    private static partial Regex JobLine();

    private static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
