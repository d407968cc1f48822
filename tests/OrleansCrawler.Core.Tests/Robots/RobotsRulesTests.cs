using OrleansCrawler.Core.Robots;

namespace OrleansCrawler.Core.Tests.Robots;

public class RobotsRulesTests
{
    private const string Agent = "OrleansCrawler/0.1 (+https://example.org/bot)";

    [Fact]
    public void AllowAll_AnyPath_IsAllowed()
    {
        Assert.True(RobotsRules.AllowAll.IsAllowed("/"));
        Assert.True(RobotsRules.AllowAll.IsAllowed("/private/x?y=1"));
        Assert.Empty(RobotsRules.AllowAll.Sitemaps);
    }

    [Fact]
    public void DisallowAll_AnyPath_IsDisallowed()
    {
        Assert.False(RobotsRules.DisallowAll.IsAllowed("/"));
        Assert.False(RobotsRules.DisallowAll.IsAllowed("/index.html"));
        Assert.Empty(RobotsRules.DisallowAll.Sitemaps);
    }

    [Fact]
    public void Parse_EmptyFile_AllowsEverything()
    {
        Assert.True(RobotsRules.Parse("", Agent).IsAllowed("/anything"));
    }

    [Fact]
    public void Parse_EmptyDisallow_AllowsEverything()
    {
        var rules = RobotsRules.Parse("User-agent: *\nDisallow:\n", Agent);

        Assert.True(rules.IsAllowed("/"));
        Assert.True(rules.IsAllowed("/private"));
    }

    [Fact]
    public void Parse_DisallowRoot_DisallowsEverything()
    {
        var rules = RobotsRules.Parse("User-agent: *\nDisallow: /\n", Agent);

        Assert.False(rules.IsAllowed("/"));
        Assert.False(rules.IsAllowed("/a?b"));
    }

    [Theory]
    [InlineData("/", true)]
    [InlineData("/private", false)]
    [InlineData("/private/", false)]
    [InlineData("/private/page.html", false)]
    [InlineData("/privateer", false)]
    [InlineData("/public/private", true)]
    [InlineData("/Private", true)] // case-sensitive
    public void IsAllowed_PrefixRule_MatchesFromStart(string path, bool expected)
    {
        var rules = RobotsRules.Parse("User-agent: *\nDisallow: /private\n", Agent);

        Assert.Equal(expected, rules.IsAllowed(path));
    }

    // RFC 9309 §2.2.2: the most specific (longest) match wins.
    [Theory]
    [InlineData("/example/page/", true)]
    [InlineData("/example/page/disallowed.gif", false)]
    [InlineData("/example/page/x", true)]
    [InlineData("/example/", false)]
    public void IsAllowed_LongestMatch_Wins(string path, bool expected)
    {
        const string txt = """
            User-agent: *
            Disallow: /example/
            Allow: /example/page/
            Disallow: /example/page/disallowed.gif
            """;

        Assert.Equal(expected, RobotsRules.Parse(txt, Agent).IsAllowed(path));
    }

    [Fact]
    public void IsAllowed_EquallyLongAllowAndDisallow_AllowWins()
    {
        var rules = RobotsRules.Parse("User-agent: *\nDisallow: /folder\nAllow: /folder\n", Agent);

        Assert.True(rules.IsAllowed("/folder/page"));
    }

    [Fact]
    public void IsAllowed_EquallyLongWildcardRules_AllowWins()
    {
        var rules = RobotsRules.Parse("User-agent: *\nDisallow: /*.html\nAllow: /a*.htm\n", Agent);

        Assert.True(rules.IsAllowed("/a.html"));
    }

    // RFC 9309 §2.2.3 examples.
    [Theory]
    [InlineData("/path/foo.gif", false)]
    [InlineData("/foo.gif", false)]
    [InlineData("/foo.gif?x=1", false)]
    [InlineData("/foo.gifs", false)]
    [InlineData("/foo.png", true)]
    public void IsAllowed_WildcardPattern_MatchesAnyRun(string path, bool expected)
    {
        var rules = RobotsRules.Parse("User-agent: *\nDisallow: /*.gif\n", Agent);

        Assert.Equal(expected, rules.IsAllowed(path));
    }

    [Theory]
    [InlineData("/foo.gif", false)]
    [InlineData("/path/foo.gif", false)]
    [InlineData("/foo.gif?x=1", true)]
    [InlineData("/foo.gifs", true)]
    public void IsAllowed_EndAnchor_RequiresEndOfPath(string path, bool expected)
    {
        var rules = RobotsRules.Parse("User-agent: *\nDisallow: /*.gif$\n", Agent);

        Assert.Equal(expected, rules.IsAllowed(path));
    }

    [Theory]
    [InlineData("/", false)]
    [InlineData("/index.html", true)]
    public void IsAllowed_AnchoredRoot_OnlyRootDisallowed(string path, bool expected)
    {
        var rules = RobotsRules.Parse("User-agent: *\nDisallow: /$\n", Agent);

        Assert.Equal(expected, rules.IsAllowed(path));
    }

    [Theory]
    [InlineData("/a/b/c/d.php", false)]
    [InlineData("/a/b/d.php", false)]
    [InlineData("/a/d.php", true)]
    [InlineData("/x/a/y/b/z", true)]
    public void IsAllowed_SeveralWildcards_Backtracks(string path, bool expected)
    {
        var rules = RobotsRules.Parse("User-agent: *\nDisallow: /a/*/*.php\n", Agent);

        Assert.Equal(expected, rules.IsAllowed(path));
    }

    [Theory]
    [InlineData("/search?q=1", false)]
    [InlineData("/search", true)]
    [InlineData("/page?sessionid=abc", false)]
    [InlineData("/page?a=1&sessionid=abc", false)]
    public void IsAllowed_QueryInPattern_MatchesPathAndQuery(string path, bool expected)
    {
        var rules = RobotsRules.Parse("User-agent: *\nDisallow: /search?\nDisallow: /*sessionid=\n", Agent);

        Assert.Equal(expected, rules.IsAllowed(path));
    }

    [Fact]
    public void Parse_OurAgentGroup_SelectedOverStar()
    {
        const string txt = """
            User-agent: *
            Disallow: /

            User-agent: orleanscrawler
            Disallow: /private
            """;

        var rules = RobotsRules.Parse(txt, Agent);

        Assert.True(rules.IsAllowed("/public"));
        Assert.False(rules.IsAllowed("/private"));
    }

    [Fact]
    public void Parse_OurAgentGroupWithVersion_MatchesProductToken()
    {
        var rules = RobotsRules.Parse("User-agent: OrleansCrawler/2.0\nDisallow: /x\n\nUser-agent: *\nDisallow: /\n", Agent);

        Assert.True(rules.IsAllowed("/y"));
        Assert.False(rules.IsAllowed("/x"));
    }

    [Fact]
    public void Parse_OtherAgentsOnly_FallsBackToStar()
    {
        const string txt = """
            User-agent: Googlebot
            Disallow: /

            User-agent: OrleansCrawlerPro
            Disallow: /

            User-agent: *
            Disallow: /tmp/
            """;

        var rules = RobotsRules.Parse(txt, Agent);

        Assert.True(rules.IsAllowed("/index.html"));
        Assert.False(rules.IsAllowed("/tmp/x"));
    }

    [Fact]
    public void Parse_NoMatchingGroupAndNoStar_AllowsEverything()
    {
        Assert.True(RobotsRules.Parse("User-agent: Googlebot\nDisallow: /\n", Agent).IsAllowed("/x"));
    }

    [Fact]
    public void Parse_OurGroupWithoutRules_AllowsEverythingDespiteStar()
    {
        var rules = RobotsRules.Parse("User-agent: *\nDisallow: /\n\nUser-agent: OrleansCrawler\n", Agent);

        Assert.True(rules.IsAllowed("/x"));
    }

    [Fact]
    public void Parse_BlankLineBetweenUserAgentLines_DoesNotSplitGroup()
    {
        // RFC 9309 §2.1: blank lines carry no meaning; both agents share the rules that follow.
        var rules = RobotsRules.Parse("User-agent: OrleansCrawler\n\nUser-agent: *\nDisallow: /\n", Agent);

        Assert.False(rules.IsAllowed("/x"));
    }

    [Fact]
    public void Parse_ConsecutiveUserAgentLines_ShareOneGroup()
    {
        const string txt = """
            User-agent: Googlebot
            User-agent: OrleansCrawler
            User-agent: Bingbot
            Disallow: /shared

            User-agent: *
            Disallow: /
            """;

        var rules = RobotsRules.Parse(txt, Agent);

        Assert.False(rules.IsAllowed("/shared/x"));
        Assert.True(rules.IsAllowed("/other"));
    }

    [Fact]
    public void Parse_UserAgentAfterRules_StartsNewGroup()
    {
        const string txt = """
            User-agent: OrleansCrawler
            Disallow: /a
            User-agent: Googlebot
            Disallow: /b
            """;

        var rules = RobotsRules.Parse(txt, Agent);

        Assert.False(rules.IsAllowed("/a"));
        Assert.True(rules.IsAllowed("/b"));
    }

    [Fact]
    public void Parse_SeveralGroupsForOurAgent_AreMerged()
    {
        const string txt = """
            User-agent: OrleansCrawler
            Disallow: /a

            User-agent: Googlebot
            Disallow: /g

            user-agent: ORLEANSCRAWLER
            Disallow: /b
            Allow: /b/open
            """;

        var rules = RobotsRules.Parse(txt, Agent);

        Assert.False(rules.IsAllowed("/a"));
        Assert.False(rules.IsAllowed("/b/closed"));
        Assert.True(rules.IsAllowed("/b/open/x"));
        Assert.True(rules.IsAllowed("/g"));
    }

    [Fact]
    public void Parse_SeveralStarGroups_AreMerged()
    {
        var rules = RobotsRules.Parse("User-agent: *\nDisallow: /a\n\nUser-agent: *\nDisallow: /b\n", Agent);

        Assert.False(rules.IsAllowed("/a"));
        Assert.False(rules.IsAllowed("/b"));
        Assert.True(rules.IsAllowed("/c"));
    }

    [Fact]
    public void Parse_CommentsUnknownLinesAndOddCase_AreHandled()
    {
        const string txt = """
            # robots.txt for example.com
            USER-AGENT: *   # everyone
            Crawl-delay: 10
            Foo: bar
            this line has no colon
            DISALLOW: /private # keep out
            Disallow: /#not-a-rule
            """;

        var rules = RobotsRules.Parse(txt, Agent);

        Assert.False(rules.IsAllowed("/private"));
        Assert.False(rules.IsAllowed("/anything")); // "/#not-a-rule" is "/" once the comment is stripped
    }

    [Fact]
    public void Parse_RulesBeforeAnyUserAgent_AreIgnored()
    {
        Assert.True(RobotsRules.Parse("Disallow: /\nUser-agent: *\nDisallow: /x\n", Agent).IsAllowed("/y"));
    }

    [Fact]
    public void Parse_CrLfAndBom_AreHandled()
    {
        var rules = RobotsRules.Parse("\uFEFFUser-agent: *\r\nDisallow: /a\r\n", Agent);

        Assert.False(rules.IsAllowed("/a"));
        Assert.True(rules.IsAllowed("/b"));
    }

    [Fact]
    public void Sitemaps_AnywhereInFile_AreCollectedInOrder()
    {
        const string txt = """
            Sitemap: https://example.com/sitemap1.xml
            User-agent: Googlebot
            Disallow: /
            sitemap: https://example.com/sitemap2.xml
            User-agent: *
            Disallow:
            SITEMAP:   https://example.com/sitemap3.xml   # comment
            """;

        var rules = RobotsRules.Parse(txt, Agent);

        Assert.Equal(
            ["https://example.com/sitemap1.xml", "https://example.com/sitemap2.xml", "https://example.com/sitemap3.xml"],
            rules.Sitemaps);
    }

    // RFC 9309 §2.2.2: octets are compared after percent-encoding normalization.
    [Theory]
    [InlineData("Disallow: /%7Ejoe", "/~joe/index.html", false)]
    [InlineData("Disallow: /~joe", "/%7ejoe/index.html", false)]
    [InlineData("Disallow: /foo/bar?baz=https://foo.bar", "/foo/bar?baz=https://foo.bar", false)]
    [InlineData("Disallow: /foo/bar/\u30C4", "/foo/bar/%E3%83%84", false)]
    [InlineData("Disallow: /foo/bar/%E3%83%84", "/foo/bar/\u30C4", false)]
    [InlineData("Disallow: /foo/bar/%e3%83%84", "/foo/bar/%E3%83%84", false)]
    [InlineData("Disallow: /foo/bar/%62%61%7A", "/foo/bar/baz", false)]
    [InlineData("Disallow: /a%2Fb", "/a/b", true)]
    public void IsAllowed_PercentEncodingVariants_CompareEqual(string rule, string path, bool expected)
    {
        var rules = RobotsRules.Parse($"User-agent: *\n{rule}\n", Agent);

        Assert.Equal(expected, rules.IsAllowed(path));
    }

    [Fact]
    public void IsAllowed_EmptyPath_TreatedAsRoot()
    {
        var rules = RobotsRules.Parse("User-agent: *\nDisallow: /$\n", Agent);

        Assert.False(rules.IsAllowed(""));
    }

    [Fact]
    public void IsAllowed_PathologicalWildcards_StaysFast()
    {
        var rules = RobotsRules.Parse("User-agent: *\nDisallow: /*a*a*a*a*a*a*a*a*b$\n", Agent);

        Assert.True(rules.IsAllowed("/" + new string('a', 5_000)));
    }
}
