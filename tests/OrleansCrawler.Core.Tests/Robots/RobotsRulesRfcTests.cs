using System.Text;
using OrleansCrawler.Core.Robots;

namespace OrleansCrawler.Core.Tests.Robots;

/// <summary>RFC 9309's own examples (§5), the 500 KiB limit, Crawl-delay and malformed input.</summary>
public class RobotsRulesRfcTests
{
    private const string Rfc51 = """
        User-Agent: *
        Disallow: *.gif$
        Disallow: /example/
        Allow: /publications/

        User-Agent: foobot
        Disallow:/
        Allow:/example/page.html
        Allow:/example/allowed.gif

        User-Agent: barbot
        User-Agent: bazbot
        Disallow: /example/page.html

        User-Agent: quxbot

        EOF
        """;

    [Theory]
    [InlineData("foobot", "/example/page.html", true)]
    [InlineData("foobot", "/example/allowed.gif", true)]
    [InlineData("foobot", "/example/other.html", false)]
    [InlineData("foobot", "/", false)]
    [InlineData("FooBot/2.1 (+https://foo.example)", "/publications/", false)]
    [InlineData("barbot", "/example/page.html", false)]
    [InlineData("bazbot", "/example/page.html", false)]
    [InlineData("barbot", "/example/x.gif", true)]
    [InlineData("barbot", "/publications/", true)]
    [InlineData("quxbot", "/example/page.html", true)]
    [InlineData("quxbot", "/a.gif", true)]
    [InlineData("otherbot", "/a.gif", false)]
    [InlineData("otherbot", "/a.gif?x", true)]
    [InlineData("otherbot", "/example/", false)]
    [InlineData("otherbot", "/example/page.html", false)]
    [InlineData("otherbot", "/publications/", true)]
    [InlineData("otherbot", "/", true)]
    public void Rfc9309Section51_SimpleExample(string agent, string path, bool expected)
    {
        Assert.Equal(expected, RobotsRules.Parse(Rfc51, agent).IsAllowed(path));
    }

    [Theory]
    [InlineData("/example/page/", true)]
    [InlineData("/example/page/other.gif", true)]
    [InlineData("/example/page/disallowed.gif", false)]
    [InlineData("/example/", true)]
    public void Rfc9309Section52_LongestMatch(string path, bool expected)
    {
        const string txt = """
            User-Agent: foobot
            Allow: /example/page/
            Disallow: /example/page/disallowed.gif
            """;

        Assert.Equal(expected, RobotsRules.Parse(txt, "foobot").IsAllowed(path));
    }

    [Fact]
    public void IsAllowed_RobotsTxtItself_AlwaysAllowed()
    {
        var rules = RobotsRules.Parse("User-agent: *\nDisallow: /\n", "bot");

        Assert.True(rules.IsAllowed("/robots.txt"));
        Assert.False(rules.IsAllowed("/robots.txt.bak"));
    }

    [Fact]
    public void Parse_RuleBeyond500KiB_IsIgnored()
    {
        var filler = new StringBuilder("User-agent: *\nDisallow: /early\n");
        while (filler.Length < RobotsRules.MaxBytes)
        {
            filler.Append("# padding padding padding padding padding padding padding padding\n");
        }

        var txt = filler + "Disallow: /late\n";
        var rules = RobotsRules.Parse(txt, "bot");

        Assert.False(rules.IsAllowed("/early"));
        Assert.True(rules.IsAllowed("/late"));
    }

    [Fact]
    public void Parse_RuleJustInside500KiB_IsRead()
    {
        var head = "User-agent: *\n";
        var tail = "Disallow: /late\n";
        var txt = head + new string('#', RobotsRules.MaxBytes - head.Length - tail.Length - 1) + "\n" + tail;
        Assert.Equal(RobotsRules.MaxBytes, Encoding.UTF8.GetByteCount(txt));

        Assert.False(RobotsRules.Parse(txt, "bot").IsAllowed("/late"));
        Assert.False(RobotsRules.Parse(Encoding.UTF8.GetBytes(txt), "bot").IsAllowed("/late"));
    }

    [Fact]
    public void Parse_RuleCutByTheLimit_IsDroppedNotShortened()
    {
        // "/private-area" cut to "/pri" would disallow far more than the site asked for.
        var head = "User-agent: *\n";
        var txt = head + new string('#', RobotsRules.MaxBytes - head.Length - 15) + "\nDisallow: /private-area\n";

        var rules = RobotsRules.Parse(txt, "bot");

        Assert.True(rules.IsAllowed("/pri"));
        Assert.True(rules.IsAllowed("/private-area"));
    }

    [Fact]
    public void Parse_MultiByteCharacters_CountAsUtf8Bytes()
    {
        // 3 bytes per char: 200,000 chars are 600,000 bytes, so a rule after them is beyond the limit.
        var txt = "User-agent: *\n#" + new string('\u30C4', 200_000) + "\nDisallow: /late\n";

        Assert.True(RobotsRules.Parse(txt, "bot").IsAllowed("/late"));
    }

    [Theory]
    [InlineData("User-agent: *\nCrawl-delay: 5\nDisallow: /x\n", 5.0)]
    [InlineData("User-agent: *\nCrawl-delay: 0.5\n", 0.5)]
    [InlineData("User-agent: *\ncrawl-delay:2\ncrawl-delay: 9\n", 2.0)]
    [InlineData("User-agent: *\nCrawl-delay: 0\n", 0.0)]
    public void CrawlDelay_OfTheStarGroup_IsRead(string txt, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), RobotsRules.Parse(txt, "bot").CrawlDelay);
    }

    [Theory]
    [InlineData("User-agent: *\nDisallow: /\n")]
    [InlineData("User-agent: *\nCrawl-delay: soon\n")]
    [InlineData("User-agent: *\nCrawl-delay: -3\n")]
    [InlineData("User-agent: *\nCrawl-delay: NaN\n")]
    [InlineData("User-agent: *\nCrawl-delay: 1e400\n")]
    [InlineData("Crawl-delay: 4\nUser-agent: *\nDisallow: /x\n")]
    [InlineData("User-agent: other\nCrawl-delay: 4\n")]
    public void CrawlDelay_MissingInvalidOrOutsideOurGroup_IsNull(string txt)
    {
        Assert.Null(RobotsRules.Parse(txt, "bot").CrawlDelay);
    }

    [Fact]
    public void CrawlDelay_OurGroupReplacesStar()
    {
        // The "*" group has a rule, so the next User-agent line starts a new group (a Crawl-delay alone would not end it).
        const string txt = "User-agent: *\nCrawl-delay: 10\nDisallow: /private\n\nUser-agent: bot\nDisallow: /x\n\nUser-agent: bot\nCrawl-delay: 3\n";

        Assert.Equal(TimeSpan.FromSeconds(3), RobotsRules.Parse(txt, "Bot/1.0").CrawlDelay);
        Assert.Equal(TimeSpan.FromSeconds(10), RobotsRules.Parse(txt, "other").CrawlDelay);
    }

    [Fact]
    public void CrawlDelay_DoesNotEndTheUserAgentLinesOfItsGroup()
    {
        // RFC 9309 §2.2.4: records other than user-agent and rules must not end a group's run of user-agent lines.
        const string txt = "User-agent: a\nCrawl-delay: 2\nUser-agent: bot\nDisallow: /x\n";

        var bot = RobotsRules.Parse(txt, "bot");
        var a = RobotsRules.Parse(txt, "a");

        Assert.False(a.IsAllowed("/x"));
        Assert.False(bot.IsAllowed("/x"));
        Assert.Equal(TimeSpan.FromSeconds(2), a.CrawlDelay);
        Assert.Equal(TimeSpan.FromSeconds(2), bot.CrawlDelay);
    }

    [Theory]
    [InlineData("Crawl-delay: 10")]
    [InlineData("Sitemap: https://example.com/sitemap.xml")]
    [InlineData("Sitemaps: https://example.com/sitemap.xml")]
    [InlineData("Unknown-key: value")]
    [InlineData("Noindex: /y")]
    public void OtherRecords_BetweenUserAgentLines_DoNotSplitTheGroup(string record)
    {
        var txt = $"User-agent: A\n{record}\nUser-agent: B\nDisallow: /\n";

        Assert.False(RobotsRules.Parse(txt, "A").IsAllowed("/page"));
        Assert.False(RobotsRules.Parse(txt, "B").IsAllowed("/page"));
        Assert.True(RobotsRules.Parse(txt, "C").IsAllowed("/page"));
    }

    [Theory]
    // RFC 9309 §2.2.3, Figure 6: "%2A" and "%24" in a rule match a literal '*' and '$' in the URL's path.
    [InlineData("/path/file-with-a-%2A.html", "/path/file-with-a-*.html", true)]
    [InlineData("/path/foo-%24", "/path/foo-$", true)]
    [InlineData("/path/file-with-a-%2a.html", "/path/file-with-a-*.html", true)]
    [InlineData("/path/file-with-a-%2A.html", "/path/file-with-a-%2A.html", true)]
    [InlineData("/path/file-with-a-%2A.html", "/path/file-with-a-x.html", false)]
    [InlineData("/path/foo-%24", "/path/foo-", false)]
    [InlineData("/path/foo-%24", "/path/foo-$bar", true)]
    // and the operators stay operators: '$' in a rule anchors, it does not match a literal '$'.
    [InlineData("/path/foo-$", "/path/foo-$", false)]
    [InlineData("/path/foo-$", "/path/foo-", true)]
    [InlineData("/a*b", "/a*b", true)]
    [InlineData("/a*b", "/axxb", true)]
    public void Rfc9309Figure6_EncodedStarAndDollar_MatchLiterals(string rule, string path, bool disallowed)
    {
        var rules = RobotsRules.Parse($"User-agent: *\nDisallow: {rule}\n", "bot");

        Assert.Equal(!disallowed, rules.IsAllowed(path));
    }

    [Fact]
    public void AllowAllAndDisallowAll_HaveNoCrawlDelay()
    {
        Assert.Null(RobotsRules.AllowAll.CrawlDelay);
        Assert.Null(RobotsRules.DisallowAll.CrawlDelay);
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Parse_AnyLineEnd_SeparatesLines(string eol)
    {
        var txt = string.Join(eol, "User-agent: *", "Disallow: /a", "Allow: /a/b", "User-agent: bot", "Disallow: /c", "");

        var star = RobotsRules.Parse(txt, "other");
        var bot = RobotsRules.Parse(txt, "bot");

        Assert.False(star.IsAllowed("/a"));
        Assert.True(star.IsAllowed("/a/b"));
        Assert.True(star.IsAllowed("/c"));
        Assert.False(bot.IsAllowed("/c"));
        Assert.True(bot.IsAllowed("/a"));
    }

    [Fact]
    public void Parse_BomBytes_AreIgnored()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("User-agent: *\nDisallow: /a\n")).ToArray();

        var rules = RobotsRules.Parse(bytes, "bot");

        Assert.False(rules.IsAllowed("/a"));
        Assert.True(rules.IsAllowed("/b"));
    }

    [Theory]
    [InlineData("User-agent *\nDisallow /a\n")]
    [InlineData("User-agent\t*\nDisallow\t/a\n")]
    [InlineData("  User-agent: *\n   Disallow: /a\n")]
    public void Parse_MissingColonOrIndentation_StillReadsKnownKeys(string txt)
    {
        var rules = RobotsRules.Parse(txt, "bot");

        Assert.False(rules.IsAllowed("/a"));
        Assert.True(rules.IsAllowed("/b"));
    }

    [Fact]
    public void Parse_BinaryJunk_NeverThrowsAndKeepsValidLines()
    {
        var random = new Random(42);
        var junk = new byte[64 * 1024];
        random.NextBytes(junk);
        var bytes = Encoding.UTF8.GetBytes("User-agent: *\nDisallow: /a\n").Concat(junk).Concat(Encoding.UTF8.GetBytes("\nDisallow: /b\n")).ToArray();

        var rules = RobotsRules.Parse(bytes, "bot");

        Assert.False(rules.IsAllowed("/a"));
        Assert.False(rules.IsAllowed("/b"));
        Assert.True(rules.IsAllowed("/c"));
    }

    [Fact]
    public void Parse_RandomInput_NeverThrows()
    {
        var random = new Random(7);
        const string alphabet = "User-agent:Disallow:Allow:*$/%#\n\r\t \0\uFEFFabc\u30C4%zz%4";
        for (var i = 0; i < 500; i++)
        {
            var chars = new char[random.Next(0, 400)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            var rules = RobotsRules.Parse(new string(chars), "bot");
            _ = rules.IsAllowed("/a/b%zz?c=\u30C4");
            _ = rules.IsAllowed("");
        }
    }

    [Fact]
    public void Parse_VeryLongLines_AreHandled()
    {
        var longRule = "/" + new string('a', 100_000);
        var txt = $"User-agent: *\nDisallow: {longRule}\nDisallow: /short\nUser-agent-{new string('x', 200_000)}\n";

        var rules = RobotsRules.Parse(txt, "bot");

        Assert.False(rules.IsAllowed(longRule + "/x"));
        Assert.True(rules.IsAllowed("/aaaa"));
        Assert.False(rules.IsAllowed("/short"));
    }

    [Fact]
    public void Parse_ManyStars_AreCollapsedAndMatchFast()
    {
        var rules = RobotsRules.Parse("User-agent: *\nDisallow: /" + new string('*', 50_000) + "b$\n", "bot");

        Assert.True(rules.IsAllowed("/" + new string('a', 8_000)));
        Assert.False(rules.IsAllowed("/" + new string('a', 8_000) + "b"));
    }
}
