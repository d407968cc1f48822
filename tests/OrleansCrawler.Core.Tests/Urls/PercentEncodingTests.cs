using System.Buffers;
using OrleansCrawler.Core.Text;
using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Core.Tests.Urls;

public class PercentEncodingTests
{
    [Theory]
    [InlineData("/a?b", false, "/a%3Fb")]
    [InlineData("a?b", true, "a?b")]
    [InlineData("%7e%41%2f%2F", false, "~A%2F%2F")]
    [InlineData("%", true, "%25")]
    [InlineData("%4", true, "%254")]
    [InlineData("#[]", false, "%23%5B%5D")]
    [InlineData("caf\u00e9 \U0001F600", false, "caf%C3%A9%20%F0%9F%98%80")]
    public void AppendEscaped_PathOrQuery_NormalizesEscapesAndEncodesOutsideTheSafeSet(string input, bool query, string expected)
    {
        Assert.Equal(expected, Escape(input, query ? PercentEncoding.QuerySafe : PercentEncoding.PathSafe));
    }

    [Fact]
    public void AppendEscaped_LoneSurrogate_EncodesReplacementCharacter()
    {
        Assert.Equal("a%EF%BF%BDb", Escape("a\uD800b", PercentEncoding.PathSafe));
    }

    [Theory]
    [InlineData("m%C3%BCnchen", "münchen")]
    [InlineData("m\u00fc%6Echen", "münchen")]
    [InlineData("plain", "plain")]
    public void TryDecodeUtf8_WellFormed_ReturnsDecodedText(string input, string expected)
    {
        Assert.True(PercentEncoding.TryDecodeUtf8(input, out var decoded));
        Assert.Equal(expected, decoded);
    }

    [Theory]
    [InlineData("a%C3")]
    [InlineData("a%FFb")]
    [InlineData("a%4")]
    [InlineData("a%zzb")]
    public void TryDecodeUtf8_MalformedEscapeOrInvalidUtf8_ReturnsFalse(string input)
    {
        Assert.False(PercentEncoding.TryDecodeUtf8(input, out _));
    }

    // A small first buffer, so that growing past it is exercised too.
    private static string Escape(string input, SearchValues<char> safe)
    {
        var sb = new ValueStringBuilder(stackalloc char[4]);
        try
        {
            PercentEncoding.AppendEscaped(input, safe, ref sb);
            return sb.ToString();
        }
        finally
        {
            sb.Dispose();
        }
    }
}
