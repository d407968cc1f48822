using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Core.Tests.Urls;

public class UrlNormalizerTests
{
    [Theory]
    [InlineData("HTTP://Example.COM:80/a/./b/../c%7e%41?q=1#frag", "http://example.com/a/c~A?q=1")]
    [InlineData("http://h:8080", "http://h:8080/")]
    [InlineData("https://h:443/x", "https://h/x")]
    [InlineData("https://h:80/x", "https://h:80/x")]
    [InlineData("http://h:443/x", "http://h:443/x")]
    [InlineData("http://h:/x", "http://h/x")]
    [InlineData("http://h:0080/x", "http://h/x")]
    [InlineData("http://example.com", "http://example.com/")]
    [InlineData("http://example.com/a%2fb", "http://example.com/a%2Fb")]
    [InlineData("http://example.com/a%2Fb", "http://example.com/a%2Fb")]
    [InlineData("http://example.com/a b", "http://example.com/a%20b")]
    [InlineData("http://example.com/caf\u00e9", "http://example.com/caf%C3%A9")]
    [InlineData("http://example.com/\u20ac", "http://example.com/%E2%82%AC")]
    [InlineData("http://example.com/\U0001F600", "http://example.com/%F0%9F%98%80")]
    [InlineData("http://example.com/%e2%82%ac", "http://example.com/%E2%82%AC")]
    [InlineData("http://example.com/100%", "http://example.com/100%25")]
    [InlineData("http://example.com/%zz", "http://example.com/%25zz")]
    [InlineData("http://example.com/%2E%2E/a", "http://example.com/a")]
    [InlineData("http://example.com/a/b/.", "http://example.com/a/b/")]
    [InlineData("http://example.com/a/b/..", "http://example.com/a/")]
    [InlineData("http://example.com/../../a", "http://example.com/a")]
    [InlineData("http://example.com/a//b", "http://example.com/a//b")]
    [InlineData("http://example.com/a/", "http://example.com/a/")]
    [InlineData("http://example.com/A/B", "http://example.com/A/B")]
    [InlineData("http://example.com/?", "http://example.com/")]
    [InlineData("http://example.com/p?", "http://example.com/p")]
    [InlineData("http://example.com/p?#x", "http://example.com/p")]
    [InlineData("http://example.com/p?b=2&a=1", "http://example.com/p?b=2&a=1")]
    [InlineData("http://example.com/p?q=a b", "http://example.com/p?q=a%20b")]
    [InlineData("http://example.com/p?q=%41%3d%2f", "http://example.com/p?q=A%3D%2F")]
    [InlineData("http://example.com/p?u=/x?y", "http://example.com/p?u=/x?y")]
    [InlineData("http://example.com/p?q=a+b", "http://example.com/p?q=a+b")]
    [InlineData("http://user:pass@example.com/x", "http://example.com/x")]
    [InlineData("http://Bücher.DE/x", "http://xn--bcher-kva.de/x")]
    [InlineData("http://B\u00dcCHER.de/x", "http://xn--bcher-kva.de/x")]
    [InlineData("http://m%C3%BCnchen.example/", "http://xn--mnchen-3ya.example/")]
    [InlineData("http://xn--BCHER-kva.de/x", "http://xn--bcher-kva.de/x")]
    [InlineData("http://192.168.0.1:8080/x", "http://192.168.0.1:8080/x")]
    [InlineData("http://127.0.0.1/", "http://127.0.0.1/")]
    [InlineData("http://[2001:DB8::1]:8080/x", "http://[2001:db8::1]:8080/x")]
    [InlineData("http://[::1]/", "http://[::1]/")]
    [InlineData("  http://example.com/x  ", "http://example.com/x")]
    [InlineData("http://example.com/a\n/b", "http://example.com/a/b")]
    [InlineData("http://example.com/a|b^c`d{e}", "http://example.com/a%7Cb%5Ec%60d%7Be%7D")]
    [InlineData("http://example.com/a\"b<c>", "http://example.com/a%22b%3Cc%3E")]
    [InlineData("http://example.com/!$&'()*+,;=:@", "http://example.com/!$&'()*+,;=:@")]
    [InlineData("http://my_host.example.com/", "http://my_host.example.com/")]
    public void Normalize_AbsoluteUrl_ReturnsNormalizedForm(string input, string expected)
    {
        Assert.Equal(expected, UrlNormalizer.Normalize(input));
    }

    [Theory]
    [InlineData("http://example.com/a/b/c?q=1")]
    [InlineData("https://xn--bcher-kva.de/%E2%82%AC?x=%3D")]
    [InlineData("http://h:8080/")]
    public void Normalize_AlreadyNormalized_ReturnsSameInstance(string input)
    {
        Assert.Same(input, UrlNormalizer.Normalize(input));
    }

    [Theory]
    [InlineData("HTTP://Example.COM:80/a/./b/../c%7e%41?q=1#frag")]
    [InlineData("http://example.com/caf\u00e9 x?q=\u00e9#f")]
    [InlineData("http://Bücher.de/%2e/a/../b")]
    public void Normalize_NormalizedOutput_IsIdempotent(string input)
    {
        var once = UrlNormalizer.Normalize(input);
        Assert.Equal(once, UrlNormalizer.Normalize(once));
    }

    [Theory]
    [InlineData("mailto:someone@example.com")]
    [InlineData("javascript:void(0)")]
    [InlineData("JavaScript:alert(1)")]
    [InlineData("data:text/html,hello")]
    [InlineData("ftp://example.com/file")]
    [InlineData("file:///etc/passwd")]
    [InlineData("tel:+123")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("http://")]
    [InlineData("http:///path")]
    [InlineData("http://exa mple.com/")]
    [InlineData("http://example.com:99999/")]
    [InlineData("http://example.com:8x/")]
    [InlineData("http://[not-ipv6]/")]
    [InlineData("http:/example.com")]
    [InlineData("example.com/path")]
    [InlineData("/relative/path")]
    public void TryNormalize_InvalidOrNonHttpWithoutBase_ReturnsFalse(string href)
    {
        Assert.False(UrlNormalizer.TryNormalize(href, null, out _));
    }

    [Theory]
    [InlineData("mailto:someone@example.com")]
    [InlineData("javascript:void(0)")]
    [InlineData("data:image/png;base64,AAAA")]
    [InlineData("ftp://example.com/file")]
    [InlineData("")]
    [InlineData(" \t ")]
    public void TryNormalize_NonHttpOrEmptyWithBase_ReturnsFalse(string href)
    {
        Assert.False(UrlNormalizer.TryNormalize(href, new Uri("http://a/b/c/d;p?q"), out _));
    }

    // RFC 3986 §5.4 reference resolution examples (base "http://a/b/c/d;p?q"), adjusted for normalization.
    [Theory]
    [InlineData("g", "http://a/b/c/g")]
    [InlineData("./g", "http://a/b/c/g")]
    [InlineData("g/", "http://a/b/c/g/")]
    [InlineData("/g", "http://a/g")]
    [InlineData("//g", "http://g/")]
    [InlineData("?y", "http://a/b/c/d;p?y")]
    [InlineData("g?y", "http://a/b/c/g?y")]
    [InlineData("#s", "http://a/b/c/d;p?q")]
    [InlineData("g#s", "http://a/b/c/g")]
    [InlineData("g?y#s", "http://a/b/c/g?y")]
    [InlineData(";x", "http://a/b/c/;x")]
    [InlineData("g;x", "http://a/b/c/g;x")]
    [InlineData(".", "http://a/b/c/")]
    [InlineData("./", "http://a/b/c/")]
    [InlineData("..", "http://a/b/")]
    [InlineData("../", "http://a/b/")]
    [InlineData("../g", "http://a/b/g")]
    [InlineData("../..", "http://a/")]
    [InlineData("../../", "http://a/")]
    [InlineData("../../g", "http://a/g")]
    [InlineData("../../../g", "http://a/g")]
    [InlineData("../../../../g", "http://a/g")]
    [InlineData("/./g", "http://a/g")]
    [InlineData("/../g", "http://a/g")]
    [InlineData("g.", "http://a/b/c/g.")]
    [InlineData(".g", "http://a/b/c/.g")]
    [InlineData("g..", "http://a/b/c/g..")]
    [InlineData("..g", "http://a/b/c/..g")]
    [InlineData("./../g", "http://a/b/g")]
    [InlineData("./g/.", "http://a/b/c/g/")]
    [InlineData("g/./h", "http://a/b/c/g/h")]
    [InlineData("g/../h", "http://a/b/c/h")]
    [InlineData("g;x=1/./y", "http://a/b/c/g;x=1/y")]
    [InlineData("g;x=1/../y", "http://a/b/c/y")]
    [InlineData("g?y/./x", "http://a/b/c/g?y/./x")]
    [InlineData("g#s/../x", "http://a/b/c/g")]
    [InlineData("http:g", "http://a/b/c/g")]
    [InlineData("HTTPS://Other.example/x", "https://other.example/x")]
    [InlineData("g h", "http://a/b/c/g%20h")]
    [InlineData("\u00e9t\u00e9", "http://a/b/c/%C3%A9t%C3%A9")]
    public void TryNormalize_RelativeReference_ResolvesAgainstBase(string href, string expected)
    {
        Assert.True(UrlNormalizer.TryNormalize(href, new Uri("http://a/b/c/d;p?q"), out var actual));
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("//cdn.example.org/lib.js", "https://cdn.example.org/lib.js")]
    [InlineData("//CDN.example.org", "https://cdn.example.org/")]
    [InlineData("//cdn.example.org:443/x", "https://cdn.example.org/x")]
    public void TryNormalize_ProtocolRelative_UsesBaseScheme(string href, string expected)
    {
        Assert.True(UrlNormalizer.TryNormalize(href, new Uri("https://example.com/dir/page"), out var actual));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void TryNormalize_UnnormalizedBase_ResolvesAgainstNormalizedBase()
    {
        var baseUrl = new Uri("HTTP://Example.COM:80/a/%7Eb/c.html?x=1#top");

        Assert.True(UrlNormalizer.TryNormalize("d.html", baseUrl, out var relative));
        Assert.True(UrlNormalizer.TryNormalize("", baseUrl, out _) is false);
        Assert.True(UrlNormalizer.TryNormalize("#frag", baseUrl, out var fragmentOnly));

        Assert.Equal("http://example.com/a/~b/d.html", relative);
        Assert.Equal("http://example.com/a/~b/c.html?x=1", fragmentOnly);
    }

    [Fact]
    public void TryNormalize_RelativeBase_RejectsRelativeHrefButAcceptsAbsolute()
    {
        var relativeBase = new Uri("/a/b", UriKind.Relative);

        Assert.False(UrlNormalizer.TryNormalize("c", relativeBase, out _));
        Assert.True(UrlNormalizer.TryNormalize("http://x.example/", relativeBase, out var absolute));
        Assert.Equal("http://x.example/", absolute);
    }

    [Fact]
    public void TryNormalize_NonHttpBase_RejectsRelativeHref()
    {
        Assert.False(UrlNormalizer.TryNormalize("c", new Uri("ftp://example.com/a/b"), out _));
    }

    [Fact]
    public void TryNormalize_AlternatingBases_UsesTheGivenBaseEachTime()
    {
        var first = new Uri("http://one.example/a/");
        var second = new Uri("http://two.example/b/");

        Assert.True(UrlNormalizer.TryNormalize("x", first, out var a));
        Assert.True(UrlNormalizer.TryNormalize("x", second, out var b));
        Assert.True(UrlNormalizer.TryNormalize("x", first, out var c));

        Assert.Equal("http://one.example/a/x", a);
        Assert.Equal("http://two.example/b/x", b);
        Assert.Equal("http://one.example/a/x", c);
    }

    [Fact]
    public void TryNormalize_LongUrl_NormalizesBeyondStackBuffer()
    {
        var segment = new string('a', 100);
        var href = "HTTP://EXAMPLE.com/" + string.Join("/", Enumerable.Repeat(segment + " x", 20));

        Assert.True(UrlNormalizer.TryNormalize(href, null, out var actual));

        Assert.Equal("http://example.com/" + string.Join("/", Enumerable.Repeat(segment + "%20x", 20)), actual);
    }

    [Fact]
    public void Normalize_NotAnAbsoluteUrl_ThrowsFormatExceptionNamingValue()
    {
        var ex = Assert.Throws<FormatException>(() => UrlNormalizer.Normalize("htp:/bad"));

        Assert.Contains("'htp:/bad'", ex.Message, StringComparison.Ordinal);
    }
}
