using OrleansCrawler.Core.Text;
using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Core.Tests.Urls;

public class UrlAuthorityTests
{
    [Theory]
    [InlineData("u:p@w@Host:443", true, "host")]
    [InlineData("Host:443", false, "host:443")]
    [InlineData("host:65535", false, "host:65535")]
    [InlineData("[0:0:0:0:0:0:0:1]:80", false, "[::1]")]
    [InlineData("[2001:DB8:0::1]:8443", true, "[2001:db8::1]:8443")]
    [InlineData("B%C3%BCcher.de", false, "xn--bcher-kva.de")]
    public void TryAppend_ValidAuthority_AppendsNormalizedForm(string authority, bool https, string expected)
    {
        Assert.True(TryAppend(authority, https, out var actual));
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("")]
    [InlineData("user@")]
    [InlineData("host:65536")]
    [InlineData("host:-1")]
    [InlineData("[::1")]
    [InlineData("[::1]x")]
    [InlineData("[127.0.0.1]")]
    [InlineData("ho st")]
    [InlineData("host%C3")]
    public void TryAppend_InvalidHostOrPort_ReturnsFalse(string authority)
    {
        Assert.False(TryAppend(authority, false, out _));
    }

    private static bool TryAppend(string authority, bool https, out string appended)
    {
        var sb = new ValueStringBuilder(stackalloc char[64]);
        try
        {
            var ok = UrlAuthority.TryAppend(authority, https, ref sb);
            appended = sb.ToString();
            return ok;
        }
        finally
        {
            sb.Dispose();
        }
    }
}
