using Microsoft.Data.Sqlite;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Cli.Tests;

/// <summary>Issue 6, embedded: `ocrawl run --data DIR` killed with SIGKILL (nothing runs, nothing is flushed) or
/// stopped with SIGTERM, then resumed, ends with exactly the result set of an uninterrupted crawl. Real processes:
/// `ocrawl testsite` and `ocrawl run`; progress is read from the run's own results.db while it runs.</summary>
[Collection(nameof(ResumeCollection))]
public class ResumeEndToEndTests
{
    private const int Hosts = 10;
    private const int PerHost = 2;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Run_KilledAt30And70Percent_ResumesToExactlyTheTruthSet()
    {
        using var dir = new TempDirectory();
        using var site = await StartSiteAsync(dir);
        var truth = ReadTruth(dir);

        var kills = 0;
        foreach (var (fraction, args) in new[] { (0.3, new[] { "run", "seeds.txt", "--data", "data", "--delay", "0", "--per-host", $"{PerHost}" }), (0.7, ["run", "--resume", "--data", "data"]) })
        {
            using var run = OcrawlProcess.Start(dir.Path, args);
            var reached = await WaitForResultsAsync(dir.File("data/results.db"), (long)(truth.Count * fraction), run);
            Assert.True(reached, $"the crawl ended before {fraction:P0}: exit {(run.HasExited ? run.ExitCode : -1)}\n{run.Stdout}\n{run.Stderr}");
            run.KillHard();
            await run.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(137, run.ExitCode);
            kills++;
        }

        var before = CountResults(dir.File("data/results.db"));
        Assert.InRange(before, (long)(truth.Count * 0.7), truth.Count - 1);

        // The other spelling: `ocrawl resume DIR`.
        using var last = await OcrawlProcess.RunAsync(dir.Path, Limit, "resume", "data");
        Assert.True(last.ExitCode == 0, $"exit {last.ExitCode}\nstdout:\n{last.Stdout}\nstderr:\n{last.Stderr}");
        Assert.Contains("Completed", last.Stdout);

        using var export = await OcrawlProcess.RunAsync(dir.Path, Limit, "run", "--resume", "--data", "data", "--out", "results.jsonl");
        Assert.Equal(0, export.ExitCode);
        Assert.Contains("already Completed", export.Stderr);
        AssertResultsEqualTruth(dir, truth);

        // At-least-once, no more: besides robots.txt (cached in memory), only URLs in flight at a kill are fetched
        // again, and a worker holds one URL at a time (per-host limit x hosts).
        var log = RequestLog.Load(dir.File("requests.tsv"));
        var twice = log.Where(e => !e.PathAndQuery.StartsWith("/robots.txt", StringComparison.Ordinal))
            .GroupBy(e => (e.Authority, e.PathAndQuery)).Count(g => g.Count() > 1);
        Assert.True(twice <= kills * Hosts * PerHost, $"{twice} URLs fetched twice after {kills} kills");
    }

    [Fact]
    public async Task Run_Sigterm_PausesDrainsAndResumesToExactlyTheTruthSet()
    {
        using var dir = new TempDirectory();
        using var site = await StartSiteAsync(dir);
        var truth = ReadTruth(dir);
        using (var run = OcrawlProcess.Start(dir.Path, "run", "seeds.txt", "--data", "data", "--delay", "0", "--per-host", $"{PerHost}"))
        {
            Assert.True(await WaitForResultsAsync(dir.File("data/results.db"), truth.Count / 2, run), run.Stderr);
            run.Terminate();
            await run.WaitForExitAsync(TimeSpan.FromMinutes(1));
            Assert.True(run.ExitCode == 130, $"exit {run.ExitCode}\nstdout:\n{run.Stdout}\nstderr:\n{run.Stderr}");
            Assert.Contains("Interrupted", run.Stderr);
            Assert.Contains("ocrawl run --resume --data", run.Stderr);
            Assert.Contains("Paused", run.Stdout);
        }

        using var resumed = await OcrawlProcess.RunAsync(dir.Path, Limit, "run", "--resume", "--data", "data", "--out", "results.jsonl");

        Assert.True(resumed.ExitCode == 0, $"exit {resumed.ExitCode}\nstdout:\n{resumed.Stdout}\nstderr:\n{resumed.Stderr}");
        AssertResultsEqualTruth(dir, truth);
        // A graceful stop lets in-flight pages finish and be written: nothing is fetched twice.
        var log = RequestLog.Load(dir.File("requests.tsv"));
        var twice = log.Where(e => !e.PathAndQuery.StartsWith("/robots.txt", StringComparison.Ordinal))
            .GroupBy(e => (e.Authority, e.PathAndQuery)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"fetched twice: {string.Join(' ', twice.Take(5))}");
    }

    [Fact]
    public async Task Resume_WithoutACrawlInTheFolder_FailsNamingIt()
    {
        using var dir = new TempDirectory();

        using var run = await OcrawlProcess.RunAsync(dir.Path, Limit, "run", "--resume", "--data", "nothing-here");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nothing-here", run.Stderr);
        Assert.Contains("run.json", run.Stderr);
    }

    [Fact]
    public async Task Resume_WithSeedsFile_IsRefused()
    {
        using var dir = new TempDirectory();
        await File.WriteAllLinesAsync(dir.File("seeds.txt"), ["http://127.0.0.1:9/"]);

        using var run = await OcrawlProcess.RunAsync(dir.Path, Limit, "run", "seeds.txt", "--resume", "--data", "data");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--resume", run.Stderr + run.Stdout);
    }

    private static async Task<OcrawlProcess> StartSiteAsync(TempDirectory dir)
    {
        // Large and slow enough that a kill lands mid-crawl: 8,000 pages, 20 ms per response, 10 hosts x 2.
        var site = OcrawlProcess.Start(dir.Path, "testsite", "--pages", "8000", "--hosts", $"{Hosts}", "--latency", "20ms", "--seed", "61",
            "--seeds-out", "seeds.txt", "--truth-out", "truth.txt", "--request-log", "requests.tsv");
        await site.WaitForOutputAsync("ready", TimeSpan.FromMinutes(1));
        return site;
    }

    private static List<string> ReadTruth(TempDirectory dir)
    {
        var truth = File.ReadAllLines(dir.File("truth.txt")).Where(l => l.Length > 0).ToList();
        Assert.True(truth.Count > 5000, $"truth has {truth.Count} URLs");
        return truth;
    }

    /// <summary>Polls the run's results.db (WAL: readers never block its writer) until it holds <paramref name="count"/>
    /// results; false if the run ended first or it took too long.</summary>
    private static async Task<bool> WaitForResultsAsync(string database, long count, OcrawlProcess run)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (DateTime.UtcNow < deadline && !run.HasExited)
        {
            if (File.Exists(database) && CountResults(database) >= count)
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    private static long CountResults(string database)
    {
        try
        {
            using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM results";
            return (long)command.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            // Not created yet.
            return 0;
        }
    }

    private static void AssertResultsEqualTruth(TempDirectory dir, List<string> truth) =>
        ResultsAssertions.HtmlEqualsTruth(dir.File("results.jsonl"), truth);
}

/// <summary>The resume tests time kills against the crawl's progress: they run alone, not beside other crawls.</summary>
[CollectionDefinition(nameof(ResumeCollection), DisableParallelization = true)]
public sealed class ResumeCollection;
