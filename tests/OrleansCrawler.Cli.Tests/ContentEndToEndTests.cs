using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Cli.Tests;

/// <summary>`ocrawl run --content markdown`, then `ocrawl export --format jsonl`, as real processes against the test web,
/// whose pages are a known layout: header and nav, a main of one h1, h2 sections and paragraphs, then a "Related" aside
/// of links and a footer naming the host and page. The main content is exactly the main: every boilerplate part is out.</summary>
public partial class ContentEndToEndTests
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

    /// <summary>A web whose pages are half article pages (a known article in cookie banner, header, nav, ads, share box,
    /// sidebar and footer), one host serving binary as HTML on its affected pages: each article page's exported Markdown
    /// holds every token of the generator's article and none of its boilerplate; binary and non-HTML pages (images,
    /// PDFs) have no content and no error.</summary>
    [Fact]
    public async Task ExportedMarkdown_OfArticlePages_IsTheGeneratorsArticle_AndBinaryOrNonHtmlPagesHaveNone()
    {
        using var dir = new TempDirectory();
        await using var web = await TestWeb.StartAsync(new TestWebOptions
        {
            Pages = 160, Hosts = 2, Seed = 8, ArticlePercent = 50,
            Faults = new Dictionary<int, HostFault> { [1] = new HostFault(FaultMode.BinaryAsHtml) },
        });
        await File.WriteAllLinesAsync(dir.File("seeds.txt"), web.Seeds);

        using var run = await OcrawlProcess.RunAsync(dir.Path, Limit, "run", "seeds.txt", "--content", "markdown", "--delay", "0", "--data", "data", "--quiet");
        using var export = await OcrawlProcess.RunAsync(dir.Path, Limit, "export", "--data", "data", "--format", "jsonl", "--out", "pages.jsonl");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.True(export.ExitCode == 0, $"exit {export.ExitCode}\n{export.Stderr}");
        var pages = File.ReadLines(dir.File("pages.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(p => p.GetProperty("url").GetString()!);

        var binaryUrls = web.AffectedPageUrls(1).ToHashSet(); // served as binary, whatever the page would have been
        var articles = 0;
        foreach (var (url, page) in pages)
        {
            if (page.GetProperty("status").GetInt32() != 200 || binaryUrls.Contains(url) || web.Pages.Article(url) is not { } article)
            {
                continue;
            }

            articles++;
            Assert.True(page.TryGetProperty("markdown", out var markdown), $"{url}: no markdown");
            var body = markdown.GetString()!;
            Assert.StartsWith("# " + article.Title + "\n", body);
            Assert.Contains($"[{article.LinkText}]({article.LinkUrl})", body);
            var tokens = ArticleTruth.Tokens([LinkTarget().Replace(body, "]")]);
            Assert.True(tokens.SetEquals(article.ArticleTokens),
                $"{url}: missing [{string.Join(' ', article.ArticleTokens.Except(tokens))}], extra [{string.Join(' ', tokens.Except(article.ArticleTokens))}]");
            Assert.False(tokens.Overlaps(article.BoilerplateTokens), url);
            Assert.Equal("en", page.GetProperty("language").GetString());
            Assert.Equal(ArticleWords(article), page.GetProperty("words").GetInt32());
        }

        Assert.True(articles >= 40, $"{articles} article pages of {pages.Count} results");

        var binary = binaryUrls.Where(pages.ContainsKey).Select(u => pages[u]).ToList();
        var nonHtml = pages.Values.Where(p => p.GetProperty("contentType").GetString() is { } t && !t.StartsWith("text/html", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(binary);
        Assert.Contains(nonHtml, p => p.GetProperty("contentType").GetString() == "image/png");
        Assert.Contains(nonHtml, p => p.GetProperty("contentType").GetString() == "application/pdf");
        Assert.All(binary.Concat(nonHtml), p =>
        {
            var url = p.GetProperty("url").GetString();
            Assert.True(p.GetProperty("status").GetInt32() == 200, $"{url}: status {p.GetProperty("status")}");
            Assert.False(p.TryGetProperty("markdown", out _), $"{url}: has markdown");
        });

        // No error from the content stage: images and PDFs carry none; a binary "HTML" page carries only the fetcher's own
        // note that it did not decode the body (as without --content), never a failed crawl ("internal").
        Assert.All(nonHtml, p => Assert.Equal(JsonValueKind.Null, p.GetProperty("error").ValueKind));
        Assert.All(binary, p =>
        {
            Assert.StartsWith("text/html", p.GetProperty("contentType").GetString(), StringComparison.Ordinal);
            Assert.StartsWith("binary: ", p.GetProperty("error").GetString(), StringComparison.Ordinal);
        });
        Assert.DoesNotContain(pages.Values, p => p.GetProperty("error").GetString() == "internal");
        Assert.Contains($" {binary.Count} failed)", run.Stdout + run.Stderr); // the summary: the binary pages are the only failures
    }

    /// <summary>The article's words as a reader counts them (the generator's text has no inner apostrophes or hyphens;
    /// a decimal like 13.2 is one word).</summary>
    private static int ArticleWords(ArticleTruth a) =>
        new[] { a.Title }.Concat(a.Headings).Concat(a.Sentences).Concat(a.ListItems).Concat(a.TableRows.SelectMany(r => r)).Concat(a.CodeLines)
            .Sum(t => Regex.Matches(t, @"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*").Count);

    [GeneratedRegex(@"\]\([^)\s]+\)")]
    private static partial Regex LinkTarget();
}
