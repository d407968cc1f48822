using OrleansCrawler.Core.Parsing;

namespace OrleansCrawler.Core.Tests.Parsing;

public sealed class AnchorExtractorTests
{
    private static List<PageAnchor> Extract(string html, string url = "http://example.com/dir/page.html")
    {
        var parsed = new HtmlPageParser().ParseDocument(html, new Uri(url));
        return AnchorExtractor.Extract(parsed.Document, new Uri(url));
    }

    [Fact]
    public void EveryHttpLink_ResolvedAndNormalized_WithItsTextCollapsed_OncePerTarget()
    {
        var anchors = Extract("""
            <a href="other.html">  The   <b>other</b>
              page </a>
            <a href="HTTP://Example.com:80/dir/./other.html#top">again</a>
            <a href="mailto:x@example.com">mail</a><a href="javascript:void(0)">js</a><a href="http://[bad">bad</a>
            <a href="/img.png"><img src=i.png></a>
            """);

        Assert.Equal([new PageAnchor("http://example.com/dir/other.html", "The other page", null), new PageAnchor("http://example.com/img.png", null, null)], anchors);
    }

    [Fact]
    public void QualifyingRelTokens_AreKept_NofollowLinksIncluded()
    {
        var anchors = Extract("""
            <a href="/a" rel="NoFollow noopener">a</a><a href="/b" rel="sponsored ugc">b</a><a href="/c" rel="noopener">c</a>
            """);

        Assert.Equal(["nofollow", "sponsored ugc", null], anchors.Select(a => a.Rel));
    }

    [Fact]
    public void BaseHref_AndAreaAltText_AreHonoured()
    {
        var anchors = Extract("""<base href="http://cdn.example.org/root/"><map><area href="x.html" alt=" Area  one "></map><a href="y.html">y</a>""");

        Assert.Equal([new PageAnchor("http://cdn.example.org/root/x.html", "Area one", null), new PageAnchor("http://cdn.example.org/root/y.html", "y", null)], anchors);
    }

    [Fact]
    public void NofollowPage_StillHasItsAnchors()
    {
        var anchors = Extract("""<meta name="robots" content="nofollow"><a href="/a">a</a>""");

        Assert.Equal(["http://example.com/a"], anchors.Select(a => a.Url));
    }
}
