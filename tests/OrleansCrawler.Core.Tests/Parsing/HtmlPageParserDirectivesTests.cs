using OrleansCrawler.Core.Parsing;

namespace OrleansCrawler.Core.Tests.Parsing;

/// <summary>Canonical links, rel=nofollow, meta robots and X-Robots-Tag.</summary>
public class HtmlPageParserDirectivesTests
{
    private static readonly Uri DocumentUrl = new("http://example.com/dir/page.html");
    private readonly HtmlPageParser _parser = new();

    private const string TwoLinks = "<a href='/a'>a</a><a href='/b'>b</a>";

    [Theory]
    [InlineData("<link rel=canonical href='/Canon/../c.html?b=1'>", "http://example.com/c.html?b=1")]
    [InlineData("<link rel='Alternate CANONICAL' href='HTTP://Example.COM:80/x'>", "http://example.com/x")]
    [InlineData("<link rel=canonical href='other.html'>", "http://example.com/dir/other.html")]
    [InlineData("<link rel=canonical href='https://mirror.example.net/p'><link rel=canonical href='/second'>", "https://mirror.example.net/p")]
    [InlineData("<link rel=canonical href='mailto:x@example.com'><link rel=canonical href='/second'>", "http://example.com/second")]
    public void Parse_LinkRelCanonical_IsResolvedAndNormalized(string head, string expected)
    {
        Assert.Equal(expected, _parser.Parse($"<html><head>{head}</head><body></body></html>", DocumentUrl).Canonical);
    }

    [Fact]
    public void Parse_CanonicalWithBaseHref_ResolvesAgainstTheBase()
    {
        var page = _parser.Parse("<base href='http://example.com/b/'><link rel=canonical href='c.html'>", DocumentUrl);

        Assert.Equal("http://example.com/b/c.html", page.Canonical);
    }

    [Theory]
    [InlineData("<html><head><title>x</title></head></html>")]
    [InlineData("<link rel=alternate href='/alt'><link rel=canonical>")]
    [InlineData("<link rel=canonicalx href='/c'>")]
    public void Parse_NoUsableCanonical_IsNull(string html)
    {
        Assert.Null(_parser.Parse(html, DocumentUrl).Canonical);
    }

    [Theory]
    [InlineData("nofollow")]
    [InlineData("NoFollow")]
    [InlineData("noopener nofollow")]
    [InlineData("  external\tNOFOLLOW\n")]
    public void Parse_RelNofollow_LinkIsSkipped(string rel)
    {
        var page = _parser.Parse($"<a href='/a' rel='{rel}'>a</a><a href='/b'>b</a><area href='/c' rel='{rel}'>", DocumentUrl);

        Assert.Equal(["http://example.com/b"], page.Links);
        Assert.False(page.NoFollow);
    }

    [Fact]
    public void Parse_SameUrlAlsoLinkedWithoutNofollow_IsKept()
    {
        // nofollow is about the link, not the target: another plain link to it still counts.
        var page = _parser.Parse("<a href='/a' rel=nofollow>a</a><a href='/b'>b</a><a href='/a'>again</a>", DocumentUrl);

        Assert.Equal(["http://example.com/b", "http://example.com/a"], page.Links);
    }

    [Theory]
    [InlineData("nofollow-ish")]
    [InlineData("follow")]
    [InlineData("noopener")]
    public void Parse_RelWithoutNofollowToken_LinkIsKept(string rel)
    {
        Assert.Equal(["http://example.com/a"], _parser.Parse($"<a href='/a' rel='{rel}'>a</a>", DocumentUrl).Links);
    }

    [Theory]
    [InlineData("robots", "noindex", true, false)]
    [InlineData("ROBOTS", "NOINDEX", true, false)]
    [InlineData("robots", "nofollow", false, true)]
    [InlineData("robots", "noindex, nofollow", true, true)]
    [InlineData("robots", "none", true, true)]
    [InlineData("robots", "index, follow", false, false)]
    [InlineData("robots", "all", false, false)]
    [InlineData("OrleansCrawler", "noindex,nofollow", true, true)]
    [InlineData("orleanscrawler", "nofollow", false, true)]
    [InlineData("googlebot", "noindex, nofollow", false, false)]
    [InlineData("description", "none", false, false)]
    public void Parse_MetaRobots_IsObeyed(string name, string content, bool noIndex, bool noFollow)
    {
        var page = _parser.Parse($"<head><meta name='{name}' content='{content}'></head><body>{TwoLinks}</body>", DocumentUrl);

        Assert.Equal(noIndex, page.NoIndex);
        Assert.Equal(noFollow, page.NoFollow);
        Assert.Equal(noFollow ? 0 : 2, page.Links.Count);
    }

    [Fact]
    public void Parse_SeveralMetaRobots_Combine()
    {
        var page = _parser.Parse("<meta name=robots content=noindex><meta name=robots content=nofollow>" + TwoLinks, DocumentUrl);

        Assert.True(page.NoIndex);
        Assert.True(page.NoFollow);
        Assert.Empty(page.Links);
    }

    [Theory]
    [InlineData("noindex", true, false)]
    [InlineData("nofollow", false, true)]
    [InlineData("NONE", true, true)]
    [InlineData("noarchive, nofollow", false, true)]
    [InlineData("otherbot: noindex, nofollow", false, false)]
    [InlineData("otherbot: noindex, orleanscrawler: nofollow", false, true)]
    [InlineData("OrleansCrawler: none", true, true)]
    [InlineData("unavailable_after: 25 Jun 2010 15:00:00 PST, noindex", true, false)]
    [InlineData("max-snippet: 20", false, false)]
    [InlineData("", false, false)]
    public void Parse_XRobotsTag_IsObeyed(string header, bool noIndex, bool noFollow)
    {
        var page = _parser.Parse(TwoLinks, DocumentUrl, header);

        Assert.Equal(noIndex, page.NoIndex);
        Assert.Equal(noFollow, page.NoFollow);
        Assert.Equal(noFollow ? 0 : 2, page.Links.Count);
    }

    [Fact]
    public void Parse_NoDirectives_FollowsAndIndexes()
    {
        var page = _parser.Parse(TwoLinks, DocumentUrl);

        Assert.False(page.NoIndex);
        Assert.False(page.NoFollow);
        Assert.Null(page.Canonical);
        Assert.Equal(2, page.Links.Count);
    }

    [Fact]
    public void Parse_ConcurrentCallsWithDirectives_GiveTheSameResults()
    {
        const string html = "<link rel=canonical href='/c'><meta name=robots content=noindex><a href='/a' rel=nofollow>a</a><a href='/b'>b</a>";
        var results = new ParsedPage[64];

        Parallel.For(0, results.Length, i => results[i] = _parser.Parse(html, DocumentUrl, i % 2 == 0 ? null : "nofollow"));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal("http://example.com/c", results[i].Canonical);
            Assert.True(results[i].NoIndex);
            Assert.Equal(i % 2 == 0 ? ["http://example.com/b"] : [], results[i].Links);
        }
    }
}
