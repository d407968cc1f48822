using AngleSharp.Html.Parser;
using BenchmarkDotNet.Attributes;
using OrleansCrawler.Core.Parsing;

namespace OrleansCrawler.Bench.Micro;

/// <summary>HtmlPageParser on a ~28 KB test-web page: title, base, meta robots, canonical, and every link
/// normalized and de-duplicated.</summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private readonly HtmlPageParser _parser = new();
    private TestWebPage _page = null!;

    [GlobalSetup]
    public void Setup() => _page = TestWebPage.Load();

    [Benchmark]
    public int ParsePage() => _parser.Parse(_page.Html, _page.Url).Links.Count;

    /// <summary>The reference: AngleSharp building the whole DOM (text nodes, comments, positions), as the parser did
    /// before it told the tokenizer to skip what it never reads.</summary>
    [Benchmark(Baseline = true)]
    public int FullDomLinks()
    {
        using var document = new HtmlParser(new HtmlParserOptions { IsScripting = false }).ParseDocument(_page.Html);
        return document.Links.Length;
    }
}
