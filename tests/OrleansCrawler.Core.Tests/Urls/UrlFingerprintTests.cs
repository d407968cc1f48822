using System.IO.Hashing;
using System.Text;
using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Core.Tests.Urls;

public class UrlFingerprintTests
{
    [Fact]
    public void Of_KnownUrl_ReturnsStableValue()
    {
        // Computed once; a change here means every stored seen-set and result key changes too.
        Assert.Equal(13364996003878346283UL, UrlFingerprint.Of("http://example.com/"));
    }

    [Fact]
    public void Of_AnyUrl_EqualsXxHash3OfUtf8Bytes()
    {
        const string url = "http://xn--bcher-kva.de/%C3%A9t%C3%A9?q=1";

        Assert.Equal(XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(url)), UrlFingerprint.Of(url));
    }

    [Fact]
    public void Of_SameUrlTwice_ReturnsSameValue()
    {
        var a = "http://example.com/a?b=1";
        var b = new StringBuilder("http://example.com/").Append("a?b=1").ToString();

        Assert.Equal(UrlFingerprint.Of(a), UrlFingerprint.Of(b));
    }

    [Theory]
    [InlineData("http://example.com/", "https://example.com/")]
    [InlineData("http://example.com/a", "http://example.com/A")]
    [InlineData("http://example.com/a?x=1", "http://example.com/a?x=2")]
    public void Of_DifferentUrls_ReturnDifferentValues(string a, string b)
    {
        Assert.NotEqual(UrlFingerprint.Of(a), UrlFingerprint.Of(b));
    }

    [Fact]
    public void Of_LongNonAsciiUrl_MatchesXxHash3OfUtf8Bytes()
    {
        var url = "http://example.com/" + new string('\u00e9', 2000);

        Assert.Equal(XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(url)), UrlFingerprint.Of(url));
    }
}
