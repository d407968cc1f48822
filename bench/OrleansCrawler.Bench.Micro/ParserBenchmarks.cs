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
}
