using System.Text.Json;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Cli.Tests;

/// <summary>`ocrawl run` as a real process against `ocrawl testsite` as another real process.</summary>
public class RunEndToEndTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Run_AgainstTestsiteProcess_FetchesExactlyTheTruthSet()
    {
        using var dir = new TempDirectory();
        using var site = OcrawlProcess.Start(dir.Path, "testsite", "--pages", "5000", "--hosts", "20",
            "--seeds-out", "seeds.txt", "--truth-out", "truth.txt", "--request-log", "requests.tsv");
        await site.WaitForOutputAsync("ready", TimeSpan.FromMinutes(1));

        using var run = await OcrawlProcess.RunAsync(dir.Path, Limit, "run", "seeds.txt", "--data", "data", "--out", "results.jsonl", "--delay", "0");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\nstdout:\n{run.Stdout}\nstderr:\n{run.Stderr}");
        Assert.Contains("Completed", run.Stdout);
        Assert.True(File.Exists(dir.File("data/results.db")));
        site.Terminate();
        await site.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, site.ExitCode);

        var truth = File.ReadAllLines(dir.File("truth.txt")).Where(l => l.Length > 0).ToList();
        Assert.True(truth.Count > 1000, $"truth has {truth.Count} URLs");
        var results = ResultsAssertions.HtmlEqualsTruth(dir.File("results.jsonl"), truth);
        Assert.All(results.Take(50), r =>
        {
            foreach (var field in new[] { "url", "finalUrl", "status", "depth", "title", "outlinks", "contentType", "bytes", "fetchedAt", "error" })
            {
                Assert.True(r.TryGetProperty(field, out _), $"field {field} missing");
            }
        });

        var log = RequestLog.Load(dir.File("requests.tsv"));
        var twice = log.GroupBy(e => (e.Authority, e.PathAndQuery)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"requested twice: {string.Join(' ', twice.Take(5))}");
        Assert.DoesNotContain(log, e => !TestWeb.IsAllowedByRobots(e.PathAndQuery));
        Assert.True(log.Max(e => e.ConcurrentForHost) <= 2);
    }

    [Fact]
    public async Task Run_Demo_CrawlsTheBuiltInTestWebAndWritesResults()
    {
        using var dir = new TempDirectory();

        using var run = await OcrawlProcess.RunAsync(dir.Path, Limit, "run", "--demo", "--demo-pages", "300", "--demo-hosts", "3", "--out", "out/results.jsonl");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\nstdout:\n{run.Stdout}\nstderr:\n{run.Stderr}");
        var lines = File.ReadAllLines(dir.File("out/results.jsonl"));
        Assert.True(lines.Length > 100, $"{lines.Length} results");
        Assert.Contains("Completed", run.Stdout);
        Assert.Contains("Demo: no per-host delay", run.Stderr); // the demo web is ours: it opts out of the polite default
        Assert.True(File.Exists(dir.File("crawl-data/results.db")));
    }

    [Fact]
    public async Task Run_BadSeedLine_ReportsFileLineAndValueAndDoesNotStart()
    {
        using var dir = new TempDirectory();
        await File.WriteAllLinesAsync(dir.File("seeds.txt"), ["# my seeds", "http://127.0.0.1:9/", "", "htp:/oops"]);

        using var run = await OcrawlProcess.RunAsync(dir.Path, Limit, "run", "seeds.txt", "--data", "data", "--delay", "0");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("seeds.txt:4", run.Stderr);
        Assert.Contains("htp:/oops", run.Stderr);
        Assert.False(Directory.Exists(dir.File("data")), "the crawl must not start");
    }

    [Fact]
    public async Task Run_MissingSeedsFile_FailsNamingIt()
    {
        using var dir = new TempDirectory();

        using var run = await OcrawlProcess.RunAsync(dir.Path, Limit, "run", "nope.txt");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nope.txt", run.Stderr);
    }

    [Fact]
    public async Task Run_InvalidExcludeRegex_FailsNamingIt()
    {
        using var dir = new TempDirectory();
        await File.WriteAllLinesAsync(dir.File("seeds.txt"), ["http://127.0.0.1:9/"]);

        using var run = await OcrawlProcess.RunAsync(dir.Path, Limit, "run", "seeds.txt", "--exclude", "([a-", "--data", "data");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("([a-", run.Stderr);
        Assert.False(Directory.Exists(dir.File("data")));
    }

    [Theory]
    [InlineData("--max-pages", "-1")]
    [InlineData("--per-host", "0")]
    [InlineData("--scope", "planet")]
    [InlineData("--delay", "soon")]
    [InlineData("--host-delay", "example.com")]
    [InlineData("--retries", "-2")]
    public async Task Run_BadOptionValue_FailsNamingTheOption(string option, string value)
    {
        using var dir = new TempDirectory();

        using var run = await OcrawlProcess.RunAsync(dir.Path, Limit, "run", "--demo", option, value);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(option.TrimStart('-'), run.Stderr + run.Stdout);
    }
}

public class RunInterruptTests
{
    [Fact]
    public async Task Run_Sigterm_StopsGracefullyStoresWhatWasFetchedAndExits130()
    {
        using var dir = new TempDirectory();
        using var site = OcrawlProcess.Start(dir.Path, "testsite", "--pages", "6000", "--hosts", "4", "--latency", "50ms", "--seeds-out", "seeds.txt");
        await site.WaitForOutputAsync("ready", TimeSpan.FromMinutes(1));
        using var run = OcrawlProcess.Start(dir.Path, "run", "seeds.txt", "--data", "data", "--out", "results.jsonl", "--delay", "0");
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!run.Stderr.Contains("pages ", StringComparison.Ordinal) && DateTime.UtcNow < deadline && !run.HasExited)
        {
            await Task.Delay(100);
        }

        await Task.Delay(1500);
        run.Terminate();
        await run.WaitForExitAsync(TimeSpan.FromMinutes(1));

        Assert.True(run.ExitCode == 130, $"exit {run.ExitCode}\nstdout:\n{run.Stdout}\nstderr:\n{run.Stderr}");
        Assert.Contains("Interrupted", run.Stderr);
        Assert.Contains("Paused", run.Stdout);
        var lines = File.ReadAllLines(dir.File("results.jsonl"));
        Assert.InRange(lines.Length, 1, 5999);
    }
}
