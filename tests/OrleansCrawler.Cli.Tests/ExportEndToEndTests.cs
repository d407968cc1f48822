using System.Text.Json;

namespace OrleansCrawler.Cli.Tests;

/// <summary>`ocrawl export --data DIR` reads an embedded crawl's data folder, no cluster, as real processes.</summary>
public class ExportEndToEndTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Export_FromADataFolder_GivesWhatTheRunWrote_InJsonlAndCsv()
    {
        using var dir = new TempDirectory();
        using var run = await OcrawlProcess.RunAsync(dir.Path, Limit, "run", "--demo", "--demo-pages", "300", "--demo-hosts", "3", "--data", "data",
            "--out", "run.jsonl", "-q");
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\nstdout:\n{run.Stdout}\nstderr:\n{run.Stderr}");

        using var jsonl = await OcrawlProcess.RunAsync(dir.Path, Limit, "export", "--data", "data", "--out", "exported.jsonl");
        using var csv = await OcrawlProcess.RunAsync(dir.Path, Limit, "export", "--data", "data", "--format", "csv", "--out", "exported.csv");

        Assert.True(jsonl.ExitCode == 0, $"exit {jsonl.ExitCode}\n{jsonl.Stderr}");
        Assert.True(csv.ExitCode == 0, $"exit {csv.ExitCode}\n{csv.Stderr}");
        var ran = Lines(dir.File("run.jsonl"));
        Assert.True(ran.Count > 200, $"{ran.Count} results");
        Assert.Equal(ran, Lines(dir.File("exported.jsonl")));
        Assert.Equal(ran.Count + 1, File.ReadAllLines(dir.File("exported.csv")).Length); // a header line, then a row per result
        Assert.Contains($"Exported {ran.Count:N0} results of run-", jsonl.Stderr);
    }

    [Fact]
    public async Task Export_FromAFolderWithoutACrawl_OrOfAnUnknownJob_ExitsTwoNamingIt()
    {
        using var dir = new TempDirectory();
        using var run = await OcrawlProcess.RunAsync(dir.Path, Limit, "run", "--demo", "--demo-pages", "40", "--demo-hosts", "1", "--data", "data", "-q");
        Assert.Equal(0, run.ExitCode);

        using var missing = await OcrawlProcess.RunAsync(dir.Path, Limit, "export", "--data", "nowhere");
        using var unknown = await OcrawlProcess.RunAsync(dir.Path, Limit, "export", "no-such-job", "--data", "data");

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nowhere", missing.Stderr);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no job 'no-such-job'", unknown.Stderr);
    }

    /// <summary>The JSON lines of a file, sorted by URL (the run writes them in URL order too, but say so only once).</summary>
    private static List<string> Lines(string path) =>
        [.. File.ReadAllLines(path).Where(l => l.Length > 0).OrderBy(l => JsonDocument.Parse(l).RootElement.GetProperty("url").GetString(), StringComparer.Ordinal)];
}
