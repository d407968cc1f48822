using System.Net.Http.Headers;
using System.Text;
using OrleansCrawler.Infrastructure.Http;

namespace OrleansCrawler.Infrastructure.Tests.Http;

public class BodyDecoderTests
{
    [Fact]
    public void Decode_Utf8Bom_WinsOverTheHeaderCharset()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("caf\u00e9")];

        Assert.Equal("caf\u00e9", BodyDecoder.Decode(body, "iso-8859-1"));
    }

    [Fact]
    public void Decode_Utf16LittleEndianBom_DecodesWithoutTheBom()
    {
        byte[] body = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("<p>x</p>")];

        Assert.Equal("<p>x</p>", BodyDecoder.Decode(body, null));
    }

    [Theory]
    [InlineData("latin1")]
    [InlineData("\"ISO-8859-1\"")]
    [InlineData("windows-1252")]
    public void Decode_Latin1Labels_MeanWindows1252(string charset)
    {
        Assert.Equal("\u20ac", BodyDecoder.Decode([0x80], charset));
    }

    [Fact]
    public void Decode_UnknownHeaderCharset_FallsBackToTheMetaCharset()
    {
        var body = Encoding.Latin1.GetBytes("<meta charset=\"windows-1252\"><p>caf\u00e9 \u0080</p>");

        Assert.Equal("<meta charset=\"windows-1252\"><p>caf\u00e9 \u20ac</p>", BodyDecoder.Decode(body, "x-unknown"));
    }

    [Fact]
    public void Decode_MetaCharsetAfterTheFirst1024Bytes_IsIgnored()
    {
        var text = new string(' ', 1024) + "<meta charset=\"windows-1252\">caf\u00e9";

        Assert.Equal(text, BodyDecoder.Decode(Encoding.UTF8.GetBytes(text), null));
    }

    [Theory]
    [InlineData(10, "text/html; charset=utf-8", true)]
    [InlineData(8191, "text/html", true)]
    [InlineData(8192, "text/html", false)]
    [InlineData(10, "text/html; charset=utf-16le", false)]
    public void LooksBinary_NulByte_IsBinaryOnlyInTheFirst8KiBOfASingleByteOrUtf8Body(int nulAt, string contentType, bool expected)
    {
        var body = new byte[10_000];
        body.AsSpan().Fill((byte)'a');
        body[nulAt] = 0;

        Assert.Equal(expected, BodyDecoder.LooksBinary(body, MediaTypeHeaderValue.Parse(contentType)));
    }
}
