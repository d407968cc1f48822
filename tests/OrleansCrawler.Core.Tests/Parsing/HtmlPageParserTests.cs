using OrleansCrawler.Core.Parsing;

namespace OrleansCrawler.Core.Tests.Parsing;

public class HtmlPageParserTests
{
    private static readonly Uri DocumentUrl = new("http://example.com/dir/page.html");

    private readonly HtmlPageParser _parser = new();

    [Fact]
    public void Parse_Title_TrimmedAndWhitespaceCollapsed()
    {
        var page = _parser.Parse("<html><head><title>\n  Hello \t\n  World  </title></head><body></body></html>", DocumentUrl);

        Assert.Equal("Hello World", page.Title);
    }

    [Theory]
    [InlineData("<html><head></head><body><p>no title</p></body></html>")]
    [InlineData("<title>   </title>")]
    [InlineData("")]
    public void Parse_NoOrBlankTitle_ReturnsNull(string html)
    {
        Assert.Null(_parser.Parse(html, DocumentUrl).Title);
    }

    [Fact]
    public void Parse_TitleWithEntities_IsDecoded()
    {
        Assert.Equal("Fish & Chips \u00e9", _parser.Parse("<title>Fish &amp; Chips &eacute;</title>", DocumentUrl).Title);
    }

    [Fact]
    public void Parse_RelativeLinks_ResolvedAgainstDocumentUrl()
    {
        const string html = """
            <a href="other.html">1</a>
            <a href="../up.html">2</a>
            <a href="/root">3</a>
            <a href="?q=1">4</a>
            <a href="//cdn.example.org/x">5</a>
            <a href="https://Secure.Example.com:443/s">6</a>
            """;

        var page = _parser.Parse(html, DocumentUrl);

        Assert.Equal(
            [
                "http://example.com/dir/other.html",
                "http://example.com/up.html",
                "http://example.com/root",
                "http://example.com/dir/page.html?q=1",
                "http://cdn.example.org/x",
                "https://secure.example.com/s",
            ],
            page.Links);
    }

    [Fact]
    public void Parse_BaseHref_UsedForResolution()
    {
        const string html = """
            <html><head><base href="/other/base/"><base href="http://ignored.example/"></head>
            <body><a href="x.html">x</a><a href="../y">y</a></body></html>
            """;

        var page = _parser.Parse(html, DocumentUrl);

        Assert.Equal(["http://example.com/other/base/x.html", "http://example.com/other/y"], page.Links);
    }

    [Fact]
    public void Parse_AbsoluteBaseHref_UsedForResolution()
    {
        var page = _parser.Parse("<base href='https://mirror.example.net/m/'><a href='a'>a</a>", DocumentUrl);

        Assert.Equal(["https://mirror.example.net/m/a"], page.Links);
    }

    [Fact]
    public void Parse_NonHttpBaseHref_IgnoredInFavourOfDocumentUrl()
    {
        var page = _parser.Parse("<base href='javascript:void(0)'><a href='a'>a</a>", DocumentUrl);

        Assert.Equal(["http://example.com/dir/a"], page.Links);
    }

    [Fact]
    public void Parse_FragmentsAndDuplicates_StrippedAndDeduplicatedInOrder()
    {
        const string html = """
            <a href="b.html#top">1</a>
            <a href="a.html">2</a>
            <a href="b.html#bottom">3</a>
            <a href="B.HTML">4</a>
            <a href="http://EXAMPLE.com:80/dir/a.html">5</a>
            <a href="#local">6</a>
            """;

        var page = _parser.Parse(html, DocumentUrl);

        Assert.Equal(
            [
                "http://example.com/dir/b.html",
                "http://example.com/dir/a.html",
                "http://example.com/dir/B.HTML",
                "http://example.com/dir/page.html",
            ],
            page.Links);
    }

    [Fact]
    public void Parse_NonHttpAndEmptyHrefs_Dropped()
    {
        const string html = """
            <a href="mailto:someone@example.com">m</a>
            <a href="javascript:void(0)">j</a>
            <a href="tel:+123">t</a>
            <a href="data:text/plain,x">d</a>
            <a href="ftp://example.com/f">f</a>
            <a href="">empty</a>
            <a href="   ">blank</a>
            <a name="anchor-without-href">n</a>
            <a href="kept.html">k</a>
            """;

        var page = _parser.Parse(html, DocumentUrl);

        Assert.Equal(["http://example.com/dir/kept.html"], page.Links);
    }

    [Fact]
    public void Parse_AreaAndOtherElements_OnlyAnchorsAndAreasCount()
    {
        const string html = """
            <link rel="stylesheet" href="style.css">
            <script src="app.js"></script>
            <img src="pic.png">
            <iframe src="frame.html"></iframe>
            <map name="m"><area href="area.html" shape="rect" coords="0,0,1,1"></map>
            <a href="anchor.html">a</a>
            """;

        var page = _parser.Parse(html, DocumentUrl);

        Assert.Equal(["http://example.com/dir/area.html", "http://example.com/dir/anchor.html"], page.Links);
    }

    [Fact]
    public void Parse_HrefWithSpacesAndNonAscii_Encoded()
    {
        var page = _parser.Parse("<a href=' caf\u00e9 menu.html '>c</a><a href='x&amp;y?a=1&amp;b=2'>x</a>", DocumentUrl);

        Assert.Equal(["http://example.com/dir/caf%C3%A9%20menu.html", "http://example.com/dir/x&y?a=1&b=2"], page.Links);
    }

    [Fact]
    public void Parse_MalformedHtml_StillExtractsLinks()
    {
        var page = _parser.Parse("<p><a href=one.html>one<div><a href='two.html'>two</p><title>T", DocumentUrl);

        Assert.Equal(["http://example.com/dir/one.html", "http://example.com/dir/two.html"], page.Links);
        Assert.Equal("T", page.Title);
    }

    [Fact]
    public void Parse_ConcurrentCalls_GiveSameResultsAsSequential()
    {
        var html = string.Concat(Enumerable.Range(0, 200).Select(i => $"<a href='/p{i}'>{i}</a>"));
        var expected = _parser.Parse(html, DocumentUrl).Links;

        var results = new IReadOnlyList<string>[64];
        Parallel.For(0, results.Length, i => results[i] = _parser.Parse(html, new Uri($"http://example.com/dir/{i}")).Links);

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void ParseDocument_FindsWhatParseFinds_AndKeepsTheText()
    {
        const string Html = "<html><head><title> A  page </title><link rel=canonical href=/c></head>"
            + "<body><p>Some <em>text</em> here</p><a href=/x rel=nofollow>x</a><a href=/y>y</a><script>var s = 1;</script></body></html>";
        var url = new Uri("http://example.com/p");
        var parser = new HtmlPageParser();

        var parsed = parser.ParseDocument(Html, url);

        Assert.Equal(parser.Parse(Html, url) with { Links = [] }, parsed.Page with { Links = [] });
        Assert.Equal(parser.Parse(Html, url).Links, parsed.Page.Links);
        Assert.Equal("Some text here", parsed.Document.QuerySelector("p")!.TextContent);
        Assert.Equal("var s = 1;", parsed.Document.QuerySelector("script")!.TextContent);
    }

    [Fact]
    public void ParsedDocuments_AreNotKeptAlive_WithoutDispose()
    {
        // The parser never disposes what it parses (HtmlPageParser says why); this holds only while nothing, such as the
        // parser's browsing context, keeps a parsed document reachable.
        var documents = ParseAndForget(new HtmlPageParser(), 50);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);

        Assert.Equal(0, documents.Count(d => d.TryGetTarget(out _)));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static List<WeakReference<AngleSharp.Html.Dom.IHtmlDocument>> ParseAndForget(HtmlPageParser parser, int count)
    {
        var documents = new List<WeakReference<AngleSharp.Html.Dom.IHtmlDocument>>();
        for (var i = 0; i < count; i++)
        {
            var html = $"<html><head><title>{i}</title><base href=/b/></head><body><p>text {i}</p><a href=x{i}>x</a></body></html>";
            var parsed = parser.ParseDocument(html, new Uri($"http://example.com/{i}"));
            Assert.Equal($"http://example.com/b/x{i}", parsed.Page.Links.Single());
            Assert.Equal($"text {i}", ContentOf(parsed));
            documents.Add(new(parsed.Document));
        }

        return documents;
    }

    private static string ContentOf(ParsedDocument parsed) => parsed.Document.QuerySelector("p")!.TextContent;
}
