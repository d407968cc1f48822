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
/// <para>This class splits the reference and resolves it (§5.2); each component is normalized by its own class:
/// <see cref="UrlAuthority"/>, <see cref="PercentEncoding"/> (path and query), <see cref="DotSegments"/>, and the
/// base by <see cref="NormalizedBase"/>.</para>
/// </remarks>
public static class UrlNormalizer
{
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

        var b = baseUrl is null ? null : NormalizedBase.For(baseUrl);
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

    private static bool TryBuild(ReadOnlySpan<char> input, NormalizedBase? b, ref ValueStringBuilder sb)
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
            if (!UrlAuthority.TryAppend(authority, isHttps, ref sb))
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
            PercentEncoding.AppendEscaped(path, PercentEncoding.PathSafe, ref sb);
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
            PercentEncoding.AppendEscaped(path, PercentEncoding.PathSafe, ref sb);
        }

        DotSegments.Remove(ref sb, pathStart);

        if (hasQuery && !query.IsEmpty)
        {
            sb.Append('?');
            PercentEncoding.AppendEscaped(query, PercentEncoding.QuerySafe, ref sb);
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
}
