using BenchmarkDotNet.Attributes;
using OrleansCrawler.Core.Content;
using OrleansCrawler.Core.Dedup;
using OrleansCrawler.Core.Parsing;

namespace OrleansCrawler.Bench.Micro;

/// <summary>The near-duplicate fingerprint (<c>--dedup</c>, docs/dedup.md) of a ~28 KB test-web page's main text, the
/// text found once in the set-up: the SimHash alone.</summary>
[MemoryDiagnoser]
public class SimHashBenchmarks
{
    private string _text = null!;

    [GlobalSetup]
    public void Setup()
    {
        var page = TestWebPage.Load();
        var document = new HtmlPageParser().ParseDocument(page.Html, page.Url);
        _text = ContentExtractor.MainText(document.Document, page.Url) ?? throw new InvalidOperationException("the page has no main text");
    }

    [Benchmark]
    public ulong Fingerprint() => SimHash.Of(_text) ?? 0;
}
