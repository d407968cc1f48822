using System.Globalization;
using System.Text.RegularExpressions;
using OrleansCrawler.Bench.Processes;
using OrleansCrawler.Bench.Reporting;

namespace OrleansCrawler.Bench.Tests;

/// <summary>Every mode on a small test web, for correctness only: no timing is asserted.</summary>
public class BenchRunnerTests
{
    private static readonly WorkerLauncher Ocrawl = WorkerLauncher.ForAssembly(Path.Combine(AppContext.BaseDirectory, "ocrawl.dll"));

    private static BenchOptions Small(string outDir) => new()
    {
        Pages = 150,
        CpuPages = 150,
        Hosts = 3,
        Latency = TimeSpan.Zero,
        Concurrency = 8,
        Workers = 2,
        PrimeCount = 6,
        PrimeNumber = 1_000_000_007, // prime, and quick to check
        OutputDirectory = outDir,
    };

    [Fact]
    public async Task RunAsync_EveryCrawlMode_EachFetchesExactlyTheTruthSetAndTheSameUrls()
    {
        using var dir = new TempDirectory();
        var options = Small(dir.Path) with { Workloads = [Workload.Cpu], Silos = [] };

        var results = await new BenchRunner(options, Ocrawl, TextWriter.Null).RunAsync();

        var expected = BenchModes.CrawlModes.Where(m => m != BenchMode.Orleans).Select(BenchModes.NameOf).Append(BenchRunner.OrleansInProcessLabel);
        Assert.Equal(expected.Order(), results.Select(r => r.Label).Order());
        Assert.All(results, r => Assert.True(r.Available && r.CheckPassed && r.Check.StartsWith("truth ok", StringComparison.Ordinal), $"{r.Label}: {r.Check}"));
        Assert.Single(results.Select(r => r.Items).Distinct()); // every mode fetched as many URLs, not just the same pages
        Assert.All(results, r => Assert.True(r.SpeedUp > 0 && r.CpuSeconds > 0 && r.PeakBytes > 0, r.Label));
    }

    /// <summary>Two silo processes with a local Redis and PostgreSQL, driven through an Orleans client: the same
    /// truth set and URL count as the in-process silo, and nothing left running afterwards.</summary>
    [Fact]
    public async Task RunAsync_TwoSiloProcesses_FetchExactlyTheTruthSetAndStopEverything()
    {
        using var dir = new TempDirectory();
        var options = Small(dir.Path) with { Workloads = [Workload.Cpu], Modes = [BenchMode.Orleans], Silos = [2] };

        var results = await new BenchRunner(options, Ocrawl, TextWriter.Null).RunAsync();

        Assert.Equal([BenchRunner.OrleansInProcessLabel, BenchRunner.OrleansLabel(2)], results.Select(r => r.Label));
        Assert.All(results, r => Assert.True(r.CheckPassed && r.Check.StartsWith("truth ok", StringComparison.Ordinal), $"{r.Label}: {r.Check}"));
        Assert.Single(results.Select(r => r.Items).Distinct());
        var cluster = results[1];
        Assert.True(cluster.CpuSeconds > 0 && cluster.PeakBytes > 0, cluster.Notes);
        Assert.Contains("2 silo processes", cluster.Notes, StringComparison.Ordinal);
        Assert.Empty(ChildrenOfThisProcess());
    }

    /// <summary>Silos as small machines: each silo process in its own CPU quota, bringing its own concurrency; every
    /// row still fetches exactly the truth set, the notes say how often the quotas throttled, the scaling rows compare
    /// against the one-silo row, and no cgroup is left behind.</summary>
    [Fact]
    public async Task RunAsync_SilosAsSmallMachines_FetchTheTruthSet_InTheirQuotas_AndLeaveNoCgroup()
    {
        using var dir = new TempDirectory();
        var options = Small(dir.Path) with { Workloads = [Workload.Cpu], Modes = [BenchMode.Orleans], Silos = [1, 2], SiloCpu = 0.5 };
        var groupsBefore = Directory.EnumerateDirectories("/sys/fs/cgroup/cpu", "ocrawl-bench-*").ToList(); // another bench may run here

        var results = await new BenchRunner(options, Ocrawl, TextWriter.Null).RunAsync();

        var clusters = results.Where(r => r.Silos is not null).ToList();
        Assert.Equal([1, 2], clusters.Select(r => r.Silos!.Value));
        Assert.All(results, r => Assert.True(r.CheckPassed, $"{r.Label}: {r.Check}"));
        Assert.All(clusters, r => Assert.Matches(@"each silo 0\.5 CPU, throttled in \d+ ?% of periods", r.Notes));
        Assert.Contains("8 in flight each", clusters[1].Notes, StringComparison.Ordinal); // each machine brings its own
        Assert.All(clusters, r => Assert.Matches(@"a warm-up job of [1-9]\d* URLs in [\d.]+ s not counted", r.Notes)); // silos warmed first
        Assert.All(clusters, r => Assert.Matches(@"throttled in \d+ ?% of periods \((\d+( / )?)+ %\)", r.Notes)); // each silo's share
        Assert.All(clusters, r => Assert.Contains("test web, Redis and PostgreSQL in a reserve group", r.Notes, StringComparison.Ordinal));
        Assert.Contains("between silos 0 B per URL", clusters[0].Notes, StringComparison.Ordinal); // one silo has no peer
        var crossSilo = Regex.Match(clusters[1].Notes ?? "", @"between silos (\d+) B per URL");
        Assert.True(crossSilo.Success && int.Parse(crossSilo.Groups[1].Value, CultureInfo.InvariantCulture) > 0, clusters[1].Notes);
        Assert.All(clusters, r =>
        {
            var writes = Regex.Match(r.Notes ?? "", @"PostgreSQL ([\d.]+) commits and ([\d.]+) rows written per URL");
            Assert.True(writes.Success && double.Parse(writes.Groups[2].Value, CultureInfo.InvariantCulture) >= 1, r.Notes); // every URL's result is a row
        });
        var scaling = ScalingTable.Of(results);
        Assert.Equal([1.0, clusters[1].Rate / clusters[0].Rate], scaling.Select(r => r.SpeedUp));
        Assert.Empty(Directory.EnumerateDirectories("/sys/fs/cgroup/cpu", "ocrawl-bench-*").Except(groupsBefore));
        Assert.False(Directory.Exists($"/sys/fs/cgroup/cpu/ocrawl-lab-{Environment.ProcessId}"));
        Assert.Contains(File.ReadAllLines("/proc/self/cgroup"), l => l.Split(':') is [_, var c, "/"] && c.Split(',').Contains("cpu")); // back in the root group
        Assert.Empty(ChildrenOfThisProcess());
    }

    [Fact]
    public async Task RunAsync_PrimeWorkload_SameCountInEveryMode()
    {
        using var dir = new TempDirectory();
        var options = Small(dir.Path) with { Workloads = [Workload.Prime] };

        var results = await new BenchRunner(options, Ocrawl, TextWriter.Null).RunAsync();

        Assert.Equal(BenchModes.PrimeModes.Select(BenchModes.NameOf), results.Select(r => r.Label));
        Assert.All(results, r => Assert.Equal("count ok (6)", r.Check));
        Assert.All(results, r => Assert.Equal(6, r.Items));
    }

    [Fact]
    public async Task WriteAsync_AfterARun_WritesReportChartAndJson()
    {
        using var dir = new TempDirectory();
        var options = Small(dir.Path) with
        {
            Workloads = [Workload.Cpu, Workload.Prime],
            Modes = [BenchMode.Sequential, BenchMode.AsyncPool, BenchMode.Parallel, BenchMode.Orleans],
            Silos = [],
            CommandLine = "ocrawl bench --test",
        };
        var results = await new BenchRunner(options, Ocrawl, TextWriter.Null).RunAsync();

        var files = await BenchReport.WriteAsync(options, results, DateTimeOffset.UtcNow);

        Assert.All(files, f => Assert.True(new FileInfo(f).Length > 0, f));
        Assert.Equal([BenchReport.MarkdownFile, BenchReport.PngFile, BenchReport.SvgFile, BenchReport.JsonFile], files.Select(Path.GetFileName));
        var markdown = await File.ReadAllTextAsync(Path.Combine(dir.Path, BenchReport.MarkdownFile));
        Assert.Contains("`ocrawl bench --test`", markdown, StringComparison.Ordinal);
        Assert.Contains("| cpu | async-pool |", markdown, StringComparison.Ordinal);
        Assert.Contains("| prime | parallel |", markdown, StringComparison.Ordinal);
        Assert.Contains($"| cpu | {BenchRunner.OrleansInProcessLabel} |", markdown, StringComparison.Ordinal);
        var png = await File.ReadAllBytesAsync(Path.Combine(dir.Path, BenchReport.PngFile));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Contains("<svg", await File.ReadAllTextAsync(Path.Combine(dir.Path, BenchReport.SvgFile)), StringComparison.Ordinal);
    }

    /// <summary>Processes whose parent is this one (Linux): silos, redis-server, runuser/postgres, workers.</summary>
    private static List<string> ChildrenOfThisProcess()
    {
        var children = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // pid (comm) state ppid ...; comm may hold spaces, so read after the last ')'.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == Environment.ProcessId && fields[0] != "Z")
                {
                    children.Add(stat[..(stat.LastIndexOf(')') + 1)]);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
                // Not a process, or gone meanwhile.
            }
        }

        return children;
    }
}
