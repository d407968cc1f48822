using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Core.Tests.Urls;

public class NormalizedBaseTests
{
    [Fact]
    public void For_UnnormalizedUrl_SplitsTheNormalizedFormIntoComponents()
    {
        var b = NormalizedBase.For(new Uri("HTTPS://Example.COM:8443/a/%7eb?x=1#top"))!;

        Assert.True(b.IsHttps);
        Assert.Equal("example.com:8443", b.Authority.ToString());
        Assert.Equal("/a/~b", b.Path.ToString());
        Assert.True(b.HasQuery);
        Assert.Equal("x=1", b.Query.ToString());
    }

    [Fact]
    public void For_UrlWithEmptyQuery_HasNoQuery()
    {
        var b = NormalizedBase.For(new Uri("http://example.com/p?"))!;

        Assert.False(b.IsHttps);
        Assert.Equal("/p", b.Path.ToString());
        Assert.False(b.HasQuery);
    }

    [Theory]
    [InlineData("/a/b", UriKind.Relative)]
    [InlineData("ftp://example.com/a", UriKind.Absolute)]
    public void For_RelativeOrNonHttpUrl_ReturnsNull(string url, UriKind kind)
    {
        Assert.Null(NormalizedBase.For(new Uri(url, kind)));
    }

    [Fact]
    public void For_SameUriAgain_ReturnsTheCachedInstance_AndANewOneForAnotherUri()
    {
        var page = new Uri("http://example.com/a");
        var first = NormalizedBase.For(page);

        Assert.Same(first, NormalizedBase.For(page));
        Assert.NotSame(first, NormalizedBase.For(new Uri("http://example.com/a")));
    }
}
