using BenchmarkDotNet.Attributes;
using OrleansCrawler.Core.Content;
using OrleansCrawler.Core.Parsing;

namespace OrleansCrawler.Bench.Micro;

/// <summary>Main-content extraction (<c>--content</c>, and <c>--dedup</c>'s main text) on a ~28 KB test-web page, against
/// the whole-document parse it needs (the baseline). Each benchmark parses the page itself, so the figures are comparable.</summary>
[MemoryDiagnoser]
public class ContentBenchmarks
{
    private readonly HtmlPageParser _parser = new();
    private TestWebPage _page = null!;

    [GlobalSetup]
    public void Setup() => _page = TestWebPage.Load();

    [Benchmark(Baseline = true)]
    public int ParseDocument()
    {
        var document = _parser.ParseDocument(_page.Html, _page.Url);
        return document.Page.Links.Count;
    }

    /// <summary><c>--dedup</c>'s main text (the plain text the fingerprint reads, without language or word count).</summary>
    [Benchmark]
    public int MainText()
    {
        var document = _parser.ParseDocument(_page.Html, _page.Url);
        return ContentExtractor.MainText(document.Document, _page.Url)?.Length ?? 0;
    }

    [Benchmark]
    public int Text()
    {
        var document = _parser.ParseDocument(_page.Html, _page.Url);
        return ContentExtractor.Extract(document.Document, _page.Url, ContentFormat.Text)?.Words ?? 0;
    }

    [Benchmark]
    public int Markdown()
    {
        var document = _parser.ParseDocument(_page.Html, _page.Url);
        return ContentExtractor.Extract(document.Document, _page.Url, ContentFormat.Markdown)?.Words ?? 0;
    }

    /// <summary><c>--content markdown --dedup</c>: the main text for the fingerprint and the Markdown, one search.</summary>
    [Benchmark]
    public int MainTextAndMarkdown()
    {
        var document = _parser.ParseDocument(_page.Html, _page.Url);
        var text = ContentExtractor.MainText(document.Document, _page.Url);
        return (text?.Length ?? 0) + (ContentExtractor.Extract(document.Document, _page.Url, ContentFormat.Markdown)?.Words ?? 0);
    }
}
