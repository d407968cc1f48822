using System.Net.Http.Headers;
using System.Text;

namespace OrleansCrawler.Infrastructure.Http;

/// <summary>Turns the bytes of a text body into a string: the charset from the header, else a BOM, else a
/// &lt;meta&gt; declaration (<see cref="CharsetSniffer"/>), else UTF-8; and tells a binary body served as text
/// apart, so that it is recorded rather than decoded.</summary>
internal static class BodyDecoder
{
    private const int SniffBytes = 1024;

    // The web's legacy charsets (windows-1252 and the rest) are not in .NET by default.
    static BodyDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>NUL bytes in the first 8 KiB of a body that claims to be text in a single-byte or UTF-8 charset.</summary>
    public static bool LooksBinary(ReadOnlySpan<byte> body, MediaTypeHeaderValue? contentType)
    {
        var charset = contentType?.CharSet;
        if (charset is not null && charset.Contains("16", StringComparison.Ordinal))
        {
            return false;
        }

        return body[..Math.Min(body.Length, 8192)].Contains((byte)0);
    }

    /// <summary>Decodes with the header's charset, else the BOM, else a &lt;meta&gt; charset in the first 1024 bytes, else UTF-8.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string? headerCharset)
    {
        var encoding = EncodingOf(headerCharset);
        var bomLength = BomOf(bytes, out var bomEncoding);
        if (bomEncoding is not null)
        {
            return bomEncoding.GetString(bytes[bomLength..]);
        }

        encoding ??= EncodingOf(CharsetSniffer.FromMeta(bytes[..Math.Min(bytes.Length, SniffBytes)])) ?? Encoding.UTF8;
        return encoding.GetString(bytes);
    }

    private static int BomOf(ReadOnlySpan<byte> bytes, out Encoding? encoding)
    {
        encoding = null;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            encoding = Encoding.UTF8;
            return 3;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            encoding = Encoding.Unicode;
            return 2;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            encoding = Encoding.BigEndianUnicode;
            return 2;
        }

        return 0;
    }

    private static Encoding? EncodingOf(string? charset)
    {
        charset = charset?.Trim('"', '\'', ' ');
        if (string.IsNullOrEmpty(charset))
        {
            return null;
        }

        try
        {
            // WHATWG: the Latin-1 labels mean windows-1252 on the web.
            return charset.Equals("iso-8859-1", StringComparison.OrdinalIgnoreCase) || charset.Equals("latin1", StringComparison.OrdinalIgnoreCase)
                ? Encoding.GetEncoding(1252)
                : Encoding.GetEncoding(charset);
        }
        catch (ArgumentException)
        {
            return null; // Unknown label: fall through to the next source, finally UTF-8.
        }
    }
}
