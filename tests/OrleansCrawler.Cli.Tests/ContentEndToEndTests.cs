using System.Text.Json;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Cli.Tests;

/// <summary>`ocrawl run --content markdown`, then `ocrawl export --format jsonl`, as real processes against the test web,
/// whose pages are a known layout: header and nav, a main of one h1, h2 sections and paragraphs, then a "Related" aside
/// of links and a footer naming the host and page. The main content is exactly the main: every boilerplate part is out.</summary>
public class ContentEndToEndTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task ExportedMarkdown_OfEveryHtmlPage_IsItsMainContent_WithLanguageAndWords()
    {
        using var dir = new TempDirectory();
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 120, Hosts = 2, Seed = 7 });
        await File.WriteAllLinesAsync(dir.File("seeds.txt"), web.Seeds);

        using var run = await OcrawlProcess.RunAsync(dir.Path, Limit, "run", "seeds.txt", "--content", "markdown", "--delay", "0", "--data", "data", "--quiet");
        using var export = await OcrawlProcess.RunAsync(dir.Path, Limit, "export", "--data", "data", "--format", "jsonl", "--out", "pages.jsonl");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.True(export.ExitCode == 0, $"exit {export.ExitCode}\n{export.Stderr}");
        var pages = File.ReadLines(dir.File("pages.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var html = pages.Where(p => p.GetProperty("status").GetInt32() == 200 && p.GetProperty("contentType").GetString()!.StartsWith("text/html", StringComparison.Ordinal)).ToList();
        Assert.True(html.Count >= 100, $"{html.Count} HTML pages of {pages.Count}");

        foreach (var page in html)
        {
            var url = page.GetProperty("url").GetString();
            Assert.True(page.TryGetProperty("markdown", out var markdown), $"{url}: no markdown");
            var body = markdown.GetString()!;
            Assert.True(body.StartsWith("# ", StringComparison.Ordinal), $"{url}: does not start with its h1: {body[..Math.Min(80, body.Length)]}");
            Assert.Contains("\n## ", body);
            Assert.DoesNotContain("Synthetic test web", body); // the footer
            Assert.DoesNotContain("Related", body);           // the aside's heading
            Assert.DoesNotContain("Home", body);              // the nav's first link
            Assert.Equal("en", page.GetProperty("language").GetString());
            Assert.InRange(page.GetProperty("words").GetInt32(), 50, 100_000);
        }

        // Pages without HTML (robots.txt is not a result; 404s and redirects are) carry no content.
        Assert.All(pages.Except(html), p => Assert.False(p.TryGetProperty("markdown", out _)));
    }
}
