using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OrleansCrawler.Core.Text;

namespace OrleansCrawler.Core.Urls;

/// <summary>
/// Puts URLs in the crawler's normalized form, the key of the seen-set, of partitioning and of results.
/// Rules: http/https only; scheme and host lower-cased; default port removed (80 for http, 443 for https);
/// empty path becomes "/"; dot segments removed (RFC 3986 §5.2.4); fragment dropped; percent-encoded
/// unreserved characters (ALPHA, DIGIT, '-', '.', '_', '~') decoded, all other percent-escapes kept with
/// upper-case hex; characters that must be escaped (spaces, non-ASCII, etc.) percent-encoded as UTF-8;
/// the query is kept in its order ("?" with an empty query is dropped); userinfo is dropped.
/// </summary>
/// <remarks>
/// Hand-written rather than built on <see cref="Uri"/>: it runs for every link of every page, and
/// <see cref="Uri"/> both allocates heavily and applies its own escaping rules (it keeps "%7e", unescapes some
/// reserved escapes, and varies by scheme). The parse follows RFC 3986 (§3 components, §5.2 resolution, §6.2.2
/// syntax-based normalization) on spans; the only allocation for a typical link is the result string, and none
/// when the input is already normalized. Resolution uses the non-strict rule of §5.2.2 ("http:x" against an
/// http base is relative), as browsers do.
/// </remarks>
public static class UrlNormalizer
{
    // Characters copied verbatim in a path: unreserved, sub-delims, ':', '@', '/'. Everything else is either a
    // percent-escape to normalize or a character to encode.
    private static readonly SearchValues<char> PathSafe = SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/");

    // A query also allows '?'.
    private static readonly SearchValues<char> QuerySafe = SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?");

    private static readonly SearchValues<char> HostSafe = SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyz0123456789-._");

    private const string UpperHex = "0123456789ABCDEF";

    [ThreadStatic]
    private static BaseInfo? t_lastBase;

    /// <summary>Resolves <paramref name="href"/> against <paramref name="baseUrl"/> (absolute, or null for an
    /// absolute href) and normalizes it. False for non-http(s) schemes (mailto:, javascript:, data:), empty or
    /// malformed input.</summary>
    public static bool TryNormalize(string href, Uri? baseUrl, out string normalized)
    {
        normalized = string.Empty;
        if (href is null)
        {
            return false;
        }

        var input = TrimControlsAndSpaces(href.AsSpan());
        if (input.IsEmpty)
        {
            return false;
        }

        // Browsers strip tabs and newlines anywhere in a URL (they appear in wrapped href attributes).
        string? cleaned = null;
        if (input.ContainsAny('\t', '\n', '\r'))
        {
            cleaned = RemoveTabsAndNewlines(input);
            input = cleaned.AsSpan();
        }

        var b = baseUrl is null ? null : GetBase(baseUrl);
        var sb = new ValueStringBuilder(stackalloc char[256]);
        try
        {
            if (!TryBuild(input, b, ref sb))
            {
                return false;
            }

            var result = sb.AsSpan();
            normalized = result.SequenceEqual(href.AsSpan()) ? href : result.ToString();
            return true;
        }
        finally
        {
            sb.Dispose();
        }
    }

    /// <summary>Normalizes an absolute URL; throws <see cref="FormatException"/> naming the value when it is not
    /// an absolute http(s) URL.</summary>
    public static string Normalize(string absoluteUrl)
    {
        ArgumentNullException.ThrowIfNull(absoluteUrl);
        return TryNormalize(absoluteUrl, null, out var normalized)
            ? normalized
            : throw new FormatException($"'{absoluteUrl}' is not an absolute http(s) URL.");
    }

    private static bool TryBuild(ReadOnlySpan<char> input, BaseInfo? b, ref ValueStringBuilder sb)
    {
        // Fragment: dropped, and nothing after '#' is part of the other components.
        var hash = input.IndexOf('#');
        if (hash >= 0)
        {
            input = input[..hash];
        }

        // Scheme (RFC 3986 §3.1): ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":".
        var isHttps = false;
        var hasScheme = false;
        var schemeEnd = SchemeLength(input);
        if (schemeEnd > 0)
        {
            var scheme = input[..schemeEnd];
            if (scheme.Equals("http", StringComparison.OrdinalIgnoreCase))
            {
                isHttps = false;
            }
            else if (scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
            {
                isHttps = true;
            }
            else
            {
                return false; // mailto:, javascript:, data:, ftp:, ...
            }

            input = input[(schemeEnd + 1)..];
            hasScheme = true;
            if (!input.StartsWith("//"))
            {
                // "http:path" has no authority; non-strict §5.2.2 treats it as relative to a base of the same scheme.
                if (b is null || b.IsHttps != isHttps)
                {
                    return false;
                }

                hasScheme = false;
            }
        }

        var query = ReadOnlySpan<char>.Empty;
        var hasQuery = false;
        var q = input.IndexOf('?');
        if (q >= 0)
        {
            query = input[(q + 1)..];
            hasQuery = true;
            input = input[..q];
        }

        var hasAuthority = false;
        var authority = ReadOnlySpan<char>.Empty;
        if (input.StartsWith("//"))
        {
            hasAuthority = true;
            input = input[2..];
            var slash = input.IndexOf('/');
            authority = slash >= 0 ? input[..slash] : input;
            input = slash >= 0 ? input[slash..] : [];
        }

        var path = input;

        if (!hasScheme)
        {
            if (b is null)
            {
                return false; // a relative reference needs an absolute http(s) base
            }

            isHttps = b.IsHttps;
        }

        sb.Append(isHttps ? "https://" : "http://");

        if (hasAuthority)
        {
            if (!TryAppendAuthority(authority, isHttps, ref sb))
            {
                return false;
            }
        }
        else
        {
            sb.Append(b!.Authority);
        }

        var pathStart = sb.Length;
        if (hasScheme || hasAuthority || path.StartsWith('/'))
        {
            AppendEscaped(path, PathSafe, ref sb);
        }
        else if (path.IsEmpty)
        {
            sb.Append(b!.Path);
            if (!hasQuery)
            {
                hasQuery = b.HasQuery;
                query = b.Query;
            }
        }
        else
        {
            // Merge (§5.2.3): the base path up to its last '/', then the reference path.
            var basePath = b!.Path;
            sb.Append(basePath[..(basePath.LastIndexOf('/') + 1)]);
            AppendEscaped(path, PathSafe, ref sb);
        }

        RemoveDotSegments(ref sb, pathStart);

        if (hasQuery && !query.IsEmpty)
        {
            sb.Append('?');
            AppendEscaped(query, QuerySafe, ref sb);
        }

        return true;
    }

    private static int SchemeLength(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty || !char.IsAsciiLetter(s[0]))
        {
            return -1;
        }

        for (var i = 1; i < s.Length; i++)
        {
            var c = s[i];
            if (c == ':')
            {
                return i;
            }

            if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '-' && c != '.')
            {
                return -1;
            }
        }

        return -1;
    }

    /// <summary>Appends the normalized authority: userinfo dropped, host lower-cased (IDN to punycode, IPv6
    /// canonical), default port removed.</summary>
    private static bool TryAppendAuthority(ReadOnlySpan<char> authority, bool isHttps, ref ValueStringBuilder sb)
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
                if (!TryPercentDecodeUtf8(host, out unicode))
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

    private static bool TryPercentDecodeUtf8(ReadOnlySpan<char> s, out string decoded)
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

    /// <summary>Copies a path or query, normalizing percent-escapes (unreserved decoded, others upper-case hex,
    /// stray '%' encoded as "%25") and percent-encoding everything outside <paramref name="safe"/> as UTF-8.</summary>
    internal static void AppendEscaped(ReadOnlySpan<char> s, SearchValues<char> safe, ref ValueStringBuilder sb)
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

    internal static bool IsUnreserved(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    internal static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static void AppendPercentByte(byte value, ref ValueStringBuilder sb)
    {
        sb.Append('%');
        sb.Append(UpperHex[value >> 4]);
        sb.Append(UpperHex[value & 0xF]);
    }

    /// <summary>RFC 3986 §5.2.4 on the path that starts at <paramref name="start"/> (it begins with '/' or is
    /// empty), in place: the output is never longer than the input. An empty result becomes "/".</summary>
    private static void RemoveDotSegments(ref ValueStringBuilder sb, int start)
    {
        var buf = sb.RawChars;
        var end = sb.Length;
        var w = start;
        var i = start;
        while (i < end)
        {
            // buf[i] == '/': a segment runs to the next '/' or the end.
            var segStart = i + 1;
            var rel = buf[segStart..end].IndexOf('/');
            var segEnd = rel < 0 ? end : segStart + rel;
            var seg = buf[segStart..segEnd];
            var last = segEnd == end;
            if (seg is ".")
            {
                if (last)
                {
                    buf[w++] = '/';
                }
            }
            else if (seg is "..")
            {
                var prev = buf[start..w].LastIndexOf('/');
                w = prev < 0 ? start : start + prev;
                if (last)
                {
                    buf[w++] = '/';
                }
            }
            else
            {
                buf[w++] = '/';
                seg.CopyTo(buf[w..]);
                w += seg.Length;
            }

            i = segEnd;
        }

        sb.Length = w;
        if (w == start)
        {
            sb.Append('/');
        }
    }

    private static ReadOnlySpan<char> TrimControlsAndSpaces(ReadOnlySpan<char> s)
    {
        var start = 0;
        while (start < s.Length && s[start] <= ' ')
        {
            start++;
        }

        var end = s.Length;
        while (end > start && s[end - 1] <= ' ')
        {
            end--;
        }

        return s[start..end];
    }

    private static string RemoveTabsAndNewlines(ReadOnlySpan<char> s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c is not ('\t' or '\n' or '\r'))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>The normalized base URL split into components, cached per thread for the last base seen
    /// (a page's links all share one base).</summary>
    private static BaseInfo? GetBase(Uri baseUrl)
    {
        var cached = t_lastBase;
        if (cached is not null && ReferenceEquals(cached.Uri, baseUrl))
        {
            return cached.IsValid ? cached : null;
        }

        var info = BaseInfo.Create(baseUrl);
        t_lastBase = info;
        return info.IsValid ? info : null;
    }

    private sealed class BaseInfo
    {
        private readonly string _url = string.Empty;
        private readonly int _authorityStart;
        private readonly int _pathStart;
        private readonly int _queryStart;

        private BaseInfo(Uri uri) => Uri = uri;

        private BaseInfo(Uri uri, string url)
        {
            Uri = uri;
            _url = url;
            IsValid = true;
            IsHttps = url.StartsWith("https:", StringComparison.Ordinal);
            _authorityStart = IsHttps ? 8 : 7;
            _pathStart = url.IndexOf('/', _authorityStart);
            _queryStart = url.IndexOf('?', _pathStart);
        }

        public Uri Uri { get; }

        public bool IsValid { get; }

        public bool IsHttps { get; }

        public ReadOnlySpan<char> Authority => _url.AsSpan(_authorityStart, _pathStart - _authorityStart);

        public ReadOnlySpan<char> Path => _queryStart < 0 ? _url.AsSpan(_pathStart) : _url.AsSpan(_pathStart, _queryStart - _pathStart);

        public bool HasQuery => _queryStart >= 0;

        public ReadOnlySpan<char> Query => _queryStart < 0 ? [] : _url.AsSpan(_queryStart + 1);

        public static BaseInfo Create(Uri uri)
        {
            if (!uri.IsAbsoluteUri)
            {
                return new BaseInfo(uri);
            }

            if (TryNormalize(uri.OriginalString, null, out var url) || TryNormalize(uri.AbsoluteUri, null, out url))
            {
                return new BaseInfo(uri, url);
            }

            return new BaseInfo(uri);
        }
    }
}
