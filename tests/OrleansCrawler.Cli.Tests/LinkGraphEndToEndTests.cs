using System.Globalization;
using System.Text.Json;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Cli.Tests;

/// <summary>`ocrawl run --links`, then `ocrawl export --format links`, as real processes against the test web: the
/// exported graph is the web's own, from its generator.</summary>
public class LinkGraphEndToEndTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task ExportedEdges_OfACrawl_EqualTheTestWebsOwnLinkGraph()
    {
        using var dir = new TempDirectory();
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 600, Hosts = 4, Seed = 31 });
        await File.WriteAllLinesAsync(dir.File("seeds.txt"), web.Seeds);

        using var run = await OcrawlProcess.RunAsync(dir.Path, Limit, "run", "seeds.txt", "--links", "--data", "data", "--delay", "0", "--quiet");
        using var csv = await OcrawlProcess.RunAsync(dir.Path, Limit, "export", "--data", "data", "--format", "links", "--out", "links.csv");
        using var jsonl = await OcrawlProcess.RunAsync(dir.Path, Limit, "export", "--data", "data", "--format", "links-jsonl", "--out", "links.jsonl");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.True(csv.ExitCode == 0, $"exit {csv.ExitCode}\n{csv.Stderr}");
        Assert.True(jsonl.ExitCode == 0, $"exit {jsonl.ExitCode}\n{jsonl.Stderr}");
        var truth = web.ComputeTruth();
        var expected = web.ComputeLinkGraph([.. truth]).Select(e => $"{e.From} -> {e.To}").Order(StringComparer.Ordinal).ToList();
        Assert.True(expected.Count > 5000, $"{expected.Count} edges in the web's graph");

        var fromJsonl = File.ReadLines(dir.File("links.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(expected, fromJsonl.Select(e => $"{e.GetProperty("from").GetString()} -> {e.GetProperty("to").GetString()}").Order(StringComparer.Ordinal));
        // Every edge of a page between its own hosts is in scope; the test web writes anchor text for every link.
        Assert.All(fromJsonl, e => Assert.True(e.GetProperty("inScope").GetBoolean()));
        Assert.True(fromJsonl.Count(e => e.GetProperty("anchor").ValueKind == JsonValueKind.String) > expected.Count * 9 / 10, "anchor text missing");

        var rows = File.ReadAllLines(dir.File("links.csv"));
        Assert.Equal("from,to,anchor,rel,inScope", rows[0]);
        Assert.Equal(expected.Count + 1, rows.Length); // anchors are single words or "Page N": no quoted line breaks
        Assert.Contains($"Exported {expected.Count.ToString("N0", CultureInfo.CurrentCulture)} links of run-", csv.Stderr);
    }

    [Fact]
    public async Task LinksExport_OfACrawlWithoutLinks_ExitsTwoSayingHowToKeepThem()
    {
        using var dir = new TempDirectory();
        using var run = await OcrawlProcess.RunAsync(dir.Path, Limit, "run", "--demo", "--demo-pages", "40", "--demo-hosts", "1", "--data", "data", "-q");
        Assert.Equal(0, run.ExitCode);

        using var export = await OcrawlProcess.RunAsync(dir.Path, Limit, "export", "--data", "data", "--format", "links");

        Assert.Equal(2, export.ExitCode);
        Assert.Contains("--links", export.Stderr);
    }
}
