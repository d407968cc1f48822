using System.Buffers;
using System.Text;
using OrleansCrawler.Core.Text;

namespace OrleansCrawler.Core.Urls;

/// <summary>RFC 3986 percent-encoding as the crawler normalizes it (§6.2.2.1–2): escapes of unreserved characters
/// decoded, other escapes kept with upper-case hex, a stray '%' encoded as "%25", and every character outside the
/// component's safe set encoded as UTF-8. Shared by <see cref="UrlNormalizer"/> and robots.txt matching, so that a
/// robots.txt pattern and a URL path compare in the same form.</summary>
internal static class PercentEncoding
{
    /// <summary>Characters copied verbatim in a path: unreserved, sub-delims, ':', '@', '/'. Everything else is
    /// either a percent-escape to normalize or a character to encode.</summary>
    public static readonly SearchValues<char> PathSafe = SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/");

    /// <summary>A query also allows '?'.</summary>
    public static readonly SearchValues<char> QuerySafe = SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?");

    private const string UpperHex = "0123456789ABCDEF";

    /// <summary>Copies a path or query, normalizing percent-escapes (unreserved decoded, others upper-case hex,
    /// stray '%' encoded as "%25") and percent-encoding everything outside <paramref name="safe"/> as UTF-8.</summary>
    public static void AppendEscaped(ReadOnlySpan<char> s, SearchValues<char> safe, ref ValueStringBuilder sb)
    {
        Span<byte> utf8 = stackalloc byte[4];
        while (!s.IsEmpty)
        {
            var special = s.IndexOfAnyExcept(safe);
            if (special < 0)
            {
                sb.Append(s);
                return;
            }

            sb.Append(s[..special]);
            s = s[special..];
            var c = s[0];
            if (c == '%')
            {
                if (s.Length >= 3 && char.IsAsciiHexDigit(s[1]) && char.IsAsciiHexDigit(s[2]))
                {
                    var value = (char)((HexValue(s[1]) << 4) | HexValue(s[2]));
                    if (IsUnreserved(value))
                    {
                        sb.Append(value);
                    }
                    else
                    {
                        sb.Append('%');
                        sb.Append(char.ToUpperInvariant(s[1]));
                        sb.Append(char.ToUpperInvariant(s[2]));
                    }

                    s = s[3..];
                }
                else
                {
                    sb.Append("%25");
                    s = s[1..];
                }
            }
            else if (c < 0x80)
            {
                AppendPercentByte((byte)c, ref sb);
                s = s[1..];
            }
            else
            {
                // Invalid UTF-16 (a lone surrogate) decodes to U+FFFD, which is what browsers send.
                Rune.DecodeFromUtf16(s, out var rune, out var consumed);
                var n = rune.EncodeToUtf8(utf8);
                for (var k = 0; k < n; k++)
                {
                    AppendPercentByte(utf8[k], ref sb);
                }

                s = s[consumed..];
            }
        }
    }

    /// <summary>Decodes every escape of <paramref name="s"/> and reads the bytes as strict UTF-8 (other characters
    /// stand for their own UTF-8 bytes). False for a malformed escape or bytes that are not UTF-8.</summary>
    public static bool TryDecodeUtf8(ReadOnlySpan<char> s, out string decoded)
    {
        decoded = string.Empty;
        var bytes = new List<byte>(s.Length);
        Span<byte> runeBytes = stackalloc byte[4];
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '%')
            {
                if (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2]))
                {
                    return false;
                }

                bytes.Add((byte)((HexValue(s[i + 1]) << 4) | HexValue(s[i + 2])));
                i += 2;
            }
            else
            {
                Rune.DecodeFromUtf16(s[i..], out var rune, out var consumed);
                var n = rune.EncodeToUtf8(runeBytes);
                for (var k = 0; k < n; k++)
                {
                    bytes.Add(runeBytes[k]);
                }

                i += consumed - 1;
            }
        }

        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static bool IsUnreserved(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    public static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static void AppendPercentByte(byte value, ref ValueStringBuilder sb)
    {
        sb.Append('%');
        sb.Append(UpperHex[value >> 4]);
        sb.Append(UpperHex[value & 0xF]);
    }
}
