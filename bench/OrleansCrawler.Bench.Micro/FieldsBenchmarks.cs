using BenchmarkDotNet.Attributes;
using OrleansCrawler.Core.Fields;
using OrleansCrawler.Core.Parsing;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Bench.Micro;

/// <summary>Field extraction (<c>--extract</c>, docs/fields.md) with the test web's product rules (seven fields: text,
/// attribute, regex captures, a list and a count) on a ~28 KB test-web page, parsed once in the set-up: the rules'
/// URL pattern matches every page of the web, so the throughput harness's <c>fields-dedup</c> crawl runs them on each.</summary>
[MemoryDiagnoser]
public class FieldsBenchmarks
{
    private FieldExtractor _extractor = null!;
    private ParsedDocument _document = null!;
    private string _url = null!;

    [GlobalSetup]
    public void Setup()
    {
        var page = TestWebPage.Load();
        _document = new HtmlPageParser().ParseDocument(page.Html, page.Url);
        _url = page.Url.AbsoluteUri;
        _extractor = new FieldExtractor(FieldRulesFile.Parse(ProductFieldRules.Yaml, "product-rules.yaml"));
    }

    [Benchmark]
    public int Extract() => _extractor.Extract(_document.Document, _url)?.Json.Length ?? -1;
}
