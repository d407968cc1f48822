using System.Text.Json;
using System.Xml.Linq;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Cli.Tests;

/// <summary>`ocrawl run --sitemaps` as a real process against the test web.</summary>
public class SitemapsEndToEndTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    private static List<(string Url, int Depth, int Status, string? ContentType)> Results(string path) =>
        [.. File.ReadLines(path).Select(l => JsonDocument.Parse(l).RootElement)
            .Select(r => (r.GetProperty("url").GetString()!, r.GetProperty("depth").GetInt32(), r.GetProperty("status").GetInt32(), r.GetProperty("contentType").GetString()))];

    /// <summary>The page URLs of the test web's sitemaps, read here with LINQ to XML rather than the crawler's parser.</summary>
    private static async Task<HashSet<string>> SitemapUrlsAsync(TestWeb web)
    {
        using var client = new HttpClient();
        var urls = new HashSet<string>(StringComparer.Ordinal);
        foreach (var seed in web.Seeds)
        {
            var xml = XDocument.Parse(await client.GetStringAsync(seed + "sitemap.xml"));
            urls.UnionWith(xml.Descendants().Where(e => e.Name.LocalName == "loc").Select(e => e.Value.Trim()));
        }

        return urls;
    }

    [Fact]
    public async Task Run_Sitemaps_FetchesExactlyTheTruthSetAndNothingDisallowed()
    {
        using var dir = new TempDirectory();
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 400, Hosts = 3, Seed = 21 });
        await File.WriteAllLinesAsync(dir.File("seeds.txt"), web.Seeds);

        using var run = await OcrawlProcess.RunAsync(dir.Path, Limit, "run", "seeds.txt", "--sitemaps", "--delay", "0", "--data", "data", "--out", "results.jsonl", "--quiet");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        var sitemapUrls = await SitemapUrlsAsync(web);
        Assert.True(sitemapUrls.Count > 100, $"{sitemapUrls.Count} sitemap URLs");
        Assert.Contains($"Sitemaps: {sitemapUrls.Count:N0} in-scope URL(s)", run.Stderr);
        var html = Results(dir.File("results.jsonl")).Where(r => r.Status == 200 && r.ContentType!.StartsWith("text/html", StringComparison.Ordinal))
            .Select(r => r.Url).ToHashSet(StringComparer.Ordinal);
        var truth = web.ComputeTruth();
        Assert.True(html.SetEquals(truth), $"missing {truth.Except(html).Count()}, extra {html.Except(truth).Count()}: {string.Join(' ', html.Except(truth).Take(3))}");
        var log = web.RequestLog.Snapshot();
        Assert.DoesNotContain(log, e => !TestWeb.IsAllowedByRobots(e.PathAndQuery));
        var twice = log.Where(e => e.PathAndQuery is not ("/robots.txt" or "/sitemap.xml")).GroupBy(e => (e.Authority, e.PathAndQuery)).Count(g => g.Count() > 1);
        Assert.Equal(0, twice);
    }

    [Fact]
    public async Task Run_SitemapsWithMaxDepthOne_FetchesEverySitemapUrlAtDepthOneAtMost()
    {
        using var dir = new TempDirectory();
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 400, Hosts = 3, Seed = 22 });
        await File.WriteAllLinesAsync(dir.File("seeds.txt"), web.Seeds);

        using var with = await OcrawlProcess.RunAsync(dir.Path, Limit, "run", "seeds.txt", "--sitemaps", "--delay", "0", "--max-depth", "1", "--data", "d1", "--out", "with.jsonl", "--quiet");
        using var without = await OcrawlProcess.RunAsync(dir.Path, Limit, "run", "seeds.txt", "--delay", "0", "--max-depth", "1", "--data", "d2", "--out", "without.jsonl", "--quiet");

        Assert.True(with.ExitCode == 0 && without.ExitCode == 0, with.Stderr + without.Stderr);
        var sitemapUrls = await SitemapUrlsAsync(web);
        var withResults = Results(dir.File("with.jsonl"));
        var fetched = withResults.ToDictionary(r => r.Url, r => r.Depth, StringComparer.Ordinal);
        var notFetched = sitemapUrls.Where(u => !fetched.ContainsKey(u)).ToList();
        Assert.True(notFetched.Count == 0, $"{notFetched.Count} sitemap URLs not fetched, e.g. {string.Join(' ', notFetched.Take(3))}");
        Assert.All(sitemapUrls, u => Assert.InRange(fetched[u], 0, 1));
        var withoutUrls = Results(dir.File("without.jsonl")).Select(r => r.Url).ToHashSet(StringComparer.Ordinal);
        Assert.True(sitemapUrls.Except(withoutUrls).Any(), "the sitemaps should reach pages deeper than one link");
    }
}
