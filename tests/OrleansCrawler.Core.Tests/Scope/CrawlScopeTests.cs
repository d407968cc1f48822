using OrleansCrawler.Core.Scope;

namespace OrleansCrawler.Core.Tests.Scope;

public class CrawlScopeTests
{
    [Theory]
    [InlineData("http://example.com/other", true)]
    [InlineData("http://example.com/", true)]
    [InlineData("http://127.0.0.1:8080/x", true)]
    [InlineData("http://www.example.com/", false)]
    [InlineData("https://example.com/", true)]
    [InlineData("http://127.0.0.1:8081/x", false)]
    [InlineData("http://127.0.0.1/x", false)]
    [InlineData("http://other.org/", false)]
    public void IsInScope_HostMode_SameAuthorityOnly(string url, bool expected)
    {
        var scope = new CrawlScope(ScopeMode.Host, ["http://example.com/start", "http://127.0.0.1:8080/"]);

        Assert.Equal(expected, scope.IsInScope(url));
    }

    [Theory]
    [InlineData("http://example.com/", true)]
    [InlineData("http://www.example.com/a", true)]
    [InlineData("http://a.b.example.com:8080/a", true)]
    [InlineData("https://shop.example.com/", true)]
    [InlineData("http://example.org/", false)]
    [InlineData("http://notexample.com/", false)]
    [InlineData("http://10.0.0.1:9999/", true)]
    [InlineData("http://10.0.0.2/", false)]
    [InlineData("http://0.0.1/", false)]
    public void IsInScope_DomainMode_SameRegistrableDomain(string url, bool expected)
    {
        var scope = new CrawlScope(ScopeMode.Domain, ["http://www.example.com/", "http://10.0.0.1:8080/"]);

        Assert.Equal(expected, scope.IsInScope(url));
    }

    [Fact]
    public void IsInScope_DomainModeIpv6Seed_SameAddressAnyPort()
    {
        var scope = new CrawlScope(ScopeMode.Domain, ["http://[::1]:8080/"]);

        Assert.True(scope.IsInScope("http://[::1]:9090/a"));
        Assert.False(scope.IsInScope("http://[::2]:8080/a"));
    }

    [Theory]
    [InlineData("http://anything.example/", true)]
    [InlineData("https://1.2.3.4:5/x", true)]
    [InlineData("ftp://example.com/", false)]
    public void IsInScope_AnyMode_AllHttpUrls(string url, bool expected)
    {
        var scope = new CrawlScope(ScopeMode.Any, ["http://example.com/"]);

        Assert.Equal(expected, scope.IsInScope(url));
    }

    [Fact]
    public void IsInScope_NoSeedsHostMode_NothingInScope()
    {
        Assert.False(new CrawlScope(ScopeMode.Host, []).IsInScope("http://example.com/"));
    }

    [Theory]
    [InlineData("http://example.com/blog/post-1", true)]
    [InlineData("http://example.com/docs/a", true)]
    [InlineData("http://example.com/shop/item", false)]
    public void IsInScope_IncludePatterns_OneMustMatch(string url, bool expected)
    {
        var scope = new CrawlScope(ScopeMode.Host, ["http://example.com/"], include: ["/blog/", "^http://example\\.com/docs/"]);

        Assert.Equal(expected, scope.IsInScope(url));
    }

    [Theory]
    [InlineData("http://example.com/blog/post-1", true)]
    [InlineData("http://example.com/blog/post-1?print=1", false)]
    [InlineData("http://example.com/blog/tags/x", false)]
    public void IsInScope_ExcludePatterns_NoneMayMatch(string url, bool expected)
    {
        var scope = new CrawlScope(ScopeMode.Host, ["http://example.com/"], exclude: ["[?&]print=", "/tags/"]);

        Assert.Equal(expected, scope.IsInScope(url));
    }

    [Fact]
    public void IsInScope_IncludeAndExclude_ExcludeWins()
    {
        var scope = new CrawlScope(ScopeMode.Any, [], include: ["/blog/"], exclude: ["/blog/drafts/"]);

        Assert.True(scope.IsInScope("http://a.example/blog/x"));
        Assert.False(scope.IsInScope("http://a.example/blog/drafts/x"));
    }

    [Fact]
    public void IsInScope_PatternOutsideModeScope_StillOutOfScope()
    {
        var scope = new CrawlScope(ScopeMode.Host, ["http://example.com/"], include: [".*"]);

        Assert.False(scope.IsInScope("http://other.example/"));
    }

    [Fact]
    public void IsInScope_PatternMatchesQuery_UsesFullUrl()
    {
        var scope = new CrawlScope(ScopeMode.Any, [], include: ["^https://example\\.com/search\\?q=\\w+$"]);

        Assert.True(scope.IsInScope("https://example.com/search?q=abc"));
        Assert.False(scope.IsInScope("https://example.com/search?q=abc&page=2"));
    }

    [Theory]
    [InlineData("include")]
    [InlineData("exclude")]
    public void Constructor_InvalidPattern_ThrowsArgumentExceptionNamingPattern(string which)
    {
        string[] patterns = ["/ok/", "(unclosed"];

        var ex = Assert.Throws<ArgumentException>(() => which == "include"
            ? new CrawlScope(ScopeMode.Any, [], include: patterns)
            : new CrawlScope(ScopeMode.Any, [], exclude: patterns));

        Assert.Contains("'(unclosed'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(which, ex.ParamName);
    }
}
