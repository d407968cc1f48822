using System.Buffers;

namespace OrleansCrawler.Core.Content;

/// <summary>A link or image source of the main content as the absolute http(s) URL Markdown writes, against the page's
/// URL. Most hrefs of most pages are plain paths (<c>/docs/page.html</c>, <c>page2.html?id=3#top</c>): letters, digits and
/// a few marks, no dot segment, nothing to escape. For those the answer is the page's origin or directory followed by
/// the href, exactly what <see cref="Uri"/> gives, without parsing a new <see cref="Uri"/> per link (a profile of
/// <c>--content markdown</c> found that parse at a tenth of the writer's cost). Anything else goes through
/// <see cref="Uri"/>; <c>LinkResolverTests</c> compares the two on bases and hrefs of every kind.</summary>
internal sealed class LinkResolver(Uri baseUrl)
{
    // What a plain href may hold; '.' only inside a segment (no "/." anywhere, no leading '.'), no "//".
    private static readonly SearchValues<char> Plain = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_~./?=&#");

    private string? _origin;
    private string? _directory;
    private string? _path;
    private string? _document;

    /// <summary>The absolute URL, or null when the href is missing, does not resolve, or is not http(s).</summary>
    public string? Resolve(string? href)
    {
        if (href is null)
        {
            return null;
        }

        var trimmed = href.AsSpan().Trim();
        if (baseUrl.IsAbsoluteUri && baseUrl.Scheme is "http" or "https" && !trimmed.IsEmpty)
        {
            if (IsPlainAbsolute(trimmed))
            {
                // Uri writes the scheme in lower case (HTTP://host/ → http://host/).
                var scheme = trimmed.IndexOf(':');
                return trimmed[..scheme].IndexOfAnyInRange('A', 'Z') >= 0 ? string.Concat(trimmed[..scheme].ToString().ToLowerInvariant(), trimmed[scheme..])
                    : trimmed.Length == href.Length ? href : trimmed.ToString();
            }

            if (trimmed.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            if (IsPlainPath(trimmed))
            {
                if (trimmed[0] == '#')
                {
                    // The page itself, at another fragment.
                    return string.Concat(_document ??= baseUrl.GetLeftPart(UriPartial.Query), trimmed);
                }

                if (trimmed[0] == '?')
                {
                    // The page's path with another query.
                    return string.Concat(_path ??= baseUrl.GetLeftPart(UriPartial.Path), trimmed);
                }

                if (trimmed[0] == '/')
                {
                    // "scheme://authority" as the page's absolute URI writes it.
                    return string.Concat(_origin ??= baseUrl.GetLeftPart(UriPartial.Authority), trimmed);
                }

                if (char.IsAsciiLetterOrDigit(trimmed[0]))
                {
                    // The page's path up to its last '/', query and fragment left out.
                    if (_directory is null)
                    {
                        var path = baseUrl.GetLeftPart(UriPartial.Path);
                        _directory = path[..(path.LastIndexOf('/') + 1)];
                    }

                    return string.Concat(_directory, trimmed);
                }
            }
        }

        return Slow(baseUrl, href);
    }

    private static bool IsPlainPath(ReadOnlySpan<char> path) =>
        path.IndexOfAnyExcept(Plain) < 0 && !path.Contains("/.", StringComparison.Ordinal) && !path.Contains("//", StringComparison.Ordinal);

    /// <summary>An absolute http(s) URL that <see cref="Uri"/> writes back as it is (but for its scheme's case): a
    /// lower-case host, a port
    /// only when it is not the scheme's default (and without leading zeros), a host that is a DNS name (a letter that no
    /// IPv4 spelling such as <c>0x7f.1</c> uses) or a dotted quad written canonically, and a plain path. Anything else
    /// is left to <see cref="Uri"/>.</summary>
    private static bool IsPlainAbsolute(ReadOnlySpan<char> href)
    {
        int start;
        string defaultPort;
        if (href.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            (start, defaultPort) = (7, "80");
        }
        else if (href.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            (start, defaultPort) = (8, "443");
        }
        else
        {
            return false;
        }

        var rest = href[start..];
        var slash = rest.IndexOf('/');
        if (slash <= 0 || !IsPlainPath(rest[slash..]))
        {
            return false;
        }

        var authority = rest[..slash];
        var colon = authority.IndexOf(':');
        var host = colon < 0 ? authority : authority[..colon];
        if (colon >= 0)
        {
            var port = authority[(colon + 1)..];
            if (port.IsEmpty || port.Length > 5 || port[0] == '0' || port.IndexOfAnyExceptInRange('0', '9') >= 0
                || port.SequenceEqual(defaultPort) || int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) > 65535)
            {
                return false;
            }
        }

        if (host.IsEmpty || host[0] is '.' or '-' || host[^1] is '.' or '-' || host.Contains("..", StringComparison.Ordinal)
            || host.IndexOfAnyExcept(HostChars) >= 0)
        {
            return false;
        }

        if (host.IndexOfAnyExcept(IPv4Chars) < 0)
        {
            return IsCanonicalDottedQuad(host);
        }

        // A DNS name: a letter outside hexadecimal digits and 'x', so that no IPv4 reading of it exists.
        return host.IndexOfAnyExcept(HexLike) >= 0;
    }

    private static readonly SearchValues<char> HostChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789.-");
    private static readonly SearchValues<char> IPv4Chars = SearchValues.Create("0123456789.");
    private static readonly SearchValues<char> HexLike = SearchValues.Create("0123456789abcdefx.-");

    private static bool IsCanonicalDottedQuad(ReadOnlySpan<char> host)
    {
        var parts = 0;
        foreach (var range in host.Split('.'))
        {
            var part = host[range];
            if (++parts > 4 || part.IsEmpty || part.Length > 3 || (part.Length > 1 && part[0] == '0')
                || int.Parse(part, System.Globalization.CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return parts == 4;
    }

    /// <summary>What <see cref="Resolve"/> answers for every href, by way of <see cref="Uri"/>.</summary>
    internal static string? Slow(Uri baseUrl, string? href) =>
        href is not null && Uri.TryCreate(baseUrl, href.Trim(), out var uri) && uri.Scheme is "http" or "https"
            ? uri.AbsoluteUri.Replace(" ", "%20", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal)
            : null;
}
