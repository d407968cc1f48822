using System.Text.Json;
using OrleansCrawler.TestSite;
using Xunit.Abstractions;

namespace OrleansCrawler.Cli.Tests;

/// <summary>`ocrawl run --skip-duplicates --links`, then `ocrawl export` with and without `--no-duplicates`, as real
/// processes against the test web with copies of its article pages: every page marked a duplicate carries an article
/// of the page it names (the web's own truth), nearly all copies are marked, the filtered export leaves exactly the
/// marked ones out, and no page was reached only through a duplicate's links (which the link graph still records).</summary>
public class DuplicatesEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task SkipDuplicates_MarksTheWebsCopies_FollowsNoDuplicatesLinks_AndExportLeavesThemOut()
    {
        using var dir = new TempDirectory();
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 400, Hosts = 3, Seed = 8, ArticlePercent = 70, DuplicatePercent = 50 });
        await File.WriteAllLinesAsync(dir.File("seeds.txt"), web.Seeds);

        using var run = await OcrawlProcess.RunAsync(dir.Path, Limit, "run", "seeds.txt", "--skip-duplicates", "--links", "--data", "data", "--delay", "0", "--quiet");
        using var all = await OcrawlProcess.RunAsync(dir.Path, Limit, "export", "--data", "data", "--out", "all.jsonl");
        using var kept = await OcrawlProcess.RunAsync(dir.Path, Limit, "export", "--data", "data", "--no-duplicates", "--out", "kept.jsonl");
        using var links = await OcrawlProcess.RunAsync(dir.Path, Limit, "export", "--data", "data", "--format", "links-jsonl", "--out", "links.jsonl");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.True(all.ExitCode == 0 && kept.ExitCode == 0 && links.ExitCode == 0, all.Stderr + kept.Stderr + links.Stderr);
        var records = Read(dir.File("all.jsonl"));
        var marked = records.Where(r => r.TryGetProperty("duplicateOf", out _)).ToDictionary(r => Url(r), r => r.GetProperty("duplicateOf").GetString()!);
        var pages = records.Where(r => r.GetProperty("status").GetInt32() == 200).Select(Url).ToList();
        var family = pages.ToDictionary(u => u, u => FamilyOf(web, u));
        var expected = pages.GroupBy(u => family[u]).Sum(g => g.Count() - 1);
        var wrong = marked.Where(m => !family.TryGetValue(m.Value, out var f) || f != family[m.Key]).Select(m => $"{m.Key} -> {m.Value}").ToList();
        output.WriteLine($"{pages.Count} pages, {expected} copies after the first of their article, {marked.Count} marked, {wrong.Count} wrong: " +
            $"precision {(marked.Count - wrong.Count) / (double)Math.Max(1, marked.Count):F3}, recall {(marked.Count - wrong.Count) / (double)Math.Max(1, expected):F3}");
        Assert.Empty(wrong);
        Assert.True(expected >= 10, $"the crawl met too few copies ({expected})");
        Assert.True(marked.Count >= expected * 0.9, $"only {marked.Count} of {expected} copies marked");

        var keptUrls = Read(dir.File("kept.jsonl")).Select(Url).ToList();
        Assert.Equal(records.Select(Url).Where(u => !marked.ContainsKey(u)).Order(StringComparer.Ordinal), keptUrls.Order(StringComparer.Ordinal));

        // Links of duplicates are recorded, never followed: a crawled page that some page links to has a link from a
        // page that is not a duplicate.
        var edges = Read(dir.File("links.jsonl")).Select(e => (From: e.GetProperty("from").GetString()!, To: e.GetProperty("to").GetString()!)).ToList();
        Assert.Contains(edges, e => marked.ContainsKey(e.From));
        var linkedTo = edges.ToLookup(e => e.To, e => e.From);
        var onlyFromDuplicates = records.Select(Url).Where(u => !web.Seeds.Contains(u) && linkedTo.Contains(u) && linkedTo[u].All(marked.ContainsKey)).ToList();
        Assert.Empty(onlyFromDuplicates);
    }

    private static List<JsonElement> Read(string path) => [.. File.ReadLines(path).Select(l => JsonDocument.Parse(l).RootElement)];

    private static string Url(JsonElement record) => record.GetProperty("url").GetString()!;

    private static (int, int) FamilyOf(TestWeb web, string url)
    {
        if (web.Pages.PageAt(url) is not var (host, page))
        {
            return (-1, url.GetHashCode(StringComparison.Ordinal));
        }

        var copy = web.Pages.CopyOf(host, page);
        return copy.IsNearDuplicate ? (copy.Host, copy.Page) : (host, page);
    }
}
