using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OrleansCrawler.Core.Text;

namespace OrleansCrawler.Core.Urls;

/// <summary>The authority of a URL in the crawler's normalized form (RFC 3986 §3.2, §6.2.2.1, §6.2.3): userinfo
/// dropped, host lower-cased (an internationalized host mapped to punycode, an IPv6 literal in its canonical text),
/// the scheme's default port removed.</summary>
internal static class UrlAuthority
{
    private static readonly SearchValues<char> HostSafe = SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyz0123456789-._");

    /// <summary>Appends the normalized form of <paramref name="authority"/> (the text between "//" and the path);
    /// false, with something appended, when the host or port is not valid.</summary>
    public static bool TryAppend(ReadOnlySpan<char> authority, bool isHttps, ref ValueStringBuilder sb)
    {
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            authority = authority[(at + 1)..];
        }

        ReadOnlySpan<char> host;
        ReadOnlySpan<char> port;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            if (close < 0)
            {
                return false;
            }

            host = authority[..(close + 1)];
            var rest = authority[(close + 1)..];
            if (!rest.IsEmpty && rest[0] != ':')
            {
                return false;
            }

            port = rest.IsEmpty ? [] : rest[1..];
            if (!IPAddress.TryParse(host[1..^1], out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            sb.Append('[');
            sb.Append(ip.ToString());
            sb.Append(']');
        }
        else
        {
            var colon = authority.IndexOf(':');
            host = colon >= 0 ? authority[..colon] : authority;
            port = colon >= 0 ? authority[(colon + 1)..] : [];
            if (!TryAppendRegName(host, ref sb))
            {
                return false;
            }
        }

        if (port.IsEmpty)
        {
            return true;
        }

        var value = 0;
        foreach (var c in port)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
            if (value > 65535)
            {
                return false;
            }
        }

        if (value != (isHttps ? 443 : 80))
        {
            sb.Append(':');
            Span<char> digits = stackalloc char[5];
            value.TryFormat(digits, out var written, provider: CultureInfo.InvariantCulture);
            sb.Append(digits[..written]);
        }

        return true;
    }

    private static bool TryAppendRegName(ReadOnlySpan<char> host, ref ValueStringBuilder sb)
    {
        if (host.IsEmpty)
        {
            return false;
        }

        var start = sb.Length;
        if (Ascii.IsValid(host) && !host.Contains('%'))
        {
            foreach (var c in host)
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }
        else
        {
            // Rare: an internationalized (or percent-encoded) host. UTS 46 mapping to punycode.
            string unicode;
            if (host.Contains('%'))
            {
                if (!PercentEncoding.TryDecodeUtf8(host, out unicode))
                {
                    return false;
                }
            }
            else
            {
                unicode = host.ToString();
            }

            string ascii;
            try
            {
                // Lower-case first: under InvariantGlobalization IdnMapping does not case-fold non-ASCII ("Ü").
                ascii = new IdnMapping().GetAscii(unicode.ToLowerInvariant());
            }
            catch (ArgumentException)
            {
                return false;
            }

            foreach (var c in ascii)
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }

        // Only LDH labels (plus '_', seen in the wild) and dots; IPv4 literals pass as digits and dots.
        return !sb.AsSpan(start).ContainsAnyExcept(HostSafe);
    }
}
