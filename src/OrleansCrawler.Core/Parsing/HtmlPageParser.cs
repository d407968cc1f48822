using System.Text;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Core.Parsing;

/// <summary>Parses HTML with AngleSharp and extracts the title, the &lt;a href&gt; links, the canonical URL and the robots
/// directives. Thread-safe.</summary>
/// <remarks>Links come from a[href] and area[href] (what browsers navigate to), resolved against the first
/// &lt;base href&gt; when it resolves to an http(s) URL, else against the document URL; each is normalized with
/// <see cref="UrlNormalizer.TryNormalize"/>, failures (mailto:, javascript:, empty, malformed) are dropped and
/// duplicates removed keeping the first occurrence. Links whose rel token list holds "nofollow" (any case) are left out.
/// <para>Directives: &lt;meta name="robots"&gt; and &lt;meta name="OrleansCrawler"&gt; (our product token), and the
/// X-Robots-Tag header value given by the caller. Their comma-separated tokens "noindex", "nofollow" and "none" (both)
/// count, case-insensitively; in the header a "name: directives" prefix limits the directives after it to that crawler
/// (so "otherbot: noindex" is ignored, "orleanscrawler: noindex" is not).</para></remarks>
public sealed class HtmlPageParser
{
    // AngleSharp does not document HtmlParser as safe for concurrent ParseDocument calls (it carries a browsing
    // context and events), so each thread gets its own; building one is cheap next to parsing a page.
    [ThreadStatic]
    private static HtmlParser? t_parser;

    // Only elements and attribute values are read (the title is RCDATA, kept), so the tokenizer drops what a page is
    // mostly made of: body text, comments, script and style contents, and source positions. The elements, and so
    // every selector below, are the same; text nodes are simply absent. This halves the parse (docs/benchmarks.md).
    private static readonly HtmlParserOptions Options = new()
    {
        IsScripting = false,
        IsKeepingSourceReferences = false,
        DisableElementPositionTracking = true,
        SkipDataText = true,
        SkipComments = true,
        SkipScriptText = true,
        SkipRawText = true,
        SkipPlaintext = true,
        SkipCDATA = true,
        SkipProcessingInstructions = true,
    };

    // A whole document, text and all, for the features that read it (main content, fields, the link graph's anchor
    // text): still no scripting and no source positions.
    private static readonly HtmlParserOptions DocumentOptions = new()
    {
        IsScripting = false,
        IsKeepingSourceReferences = false,
        DisableElementPositionTracking = true,
    };

    [ThreadStatic]
    private static HtmlParser? t_documentParser;

    /// <summary>The product token matched by &lt;meta name&gt; and X-Robots-Tag prefixes.</summary>
    public const string ProductToken = "OrleansCrawler";

    // Documents are parsed from the page's own characters (a memory source: AngleSharp reads the string in place, where
    // its string overload first copies it into a pooled builder) and are never disposed. Disposing one only detaches its
    // nodes, which walks the whole tree again (for each top-level node AngleSharp looks for <base> elements below it),
    // and gives back the pooled builder, which a memory source does not have; the garbage collector frees the tree either
    // way (HtmlPageParserTests: nothing keeps a parsed document alive). The walk was 1.4 % of a --dedup crawl's CPU,
    // cold in cache after the features (docs/dedup.md, "Speed").
    /// <param name="html">The decoded document.</param>
    /// <param name="documentUrl">The URL the document was fetched from (after redirects).</param>
    /// <param name="robotsTag">The X-Robots-Tag header value(s) of the response, joined by ", "; null when absent.</param>
    public ParsedPage Parse(string html, Uri documentUrl, string? robotsTag = null)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(documentUrl);

        var parser = t_parser ??= new HtmlParser(Options);
        return Extract(parser.ParseDocument(html.AsMemory()), documentUrl, robotsTag);
    }

    /// <summary>As <see cref="Parse"/>, and keeps the whole document (text nodes included) for the caller. About twice
    /// the work of <see cref="Parse"/>: only for pages whose text someone reads.</summary>
    public ParsedDocument ParseDocument(string html, Uri documentUrl, string? robotsTag = null)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(documentUrl);

        var parser = t_documentParser ??= new HtmlParser(DocumentOptions);
        var document = parser.ParseDocument(html.AsMemory());
        return new ParsedDocument(Extract(document, documentUrl, robotsTag), document);
    }

    private static ParsedPage Extract(IHtmlDocument document, Uri documentUrl, string? robotsTag)
    {
        var title = CollapseWhitespace(document.QuerySelector("title")?.TextContent);
        var baseUrl = BaseUrlOf(document, documentUrl);

        var directives = RobotsDirectives.None;
        foreach (var meta in document.QuerySelectorAll("meta[name][content]"))
        {
            var name = meta.GetAttribute("name")!.Trim();
            if (name.Equals("robots", StringComparison.OrdinalIgnoreCase) || name.Equals(ProductToken, StringComparison.OrdinalIgnoreCase))
            {
                directives |= ParseDirectives(meta.GetAttribute("content"), header: false);
            }
        }

        directives |= ParseDirectives(robotsTag, header: true);
        var noFollow = (directives & RobotsDirectives.NoFollow) != 0;

        string? canonical = null;
        foreach (var link in document.QuerySelectorAll("link[rel][href]"))
        {
            if (HasToken(link.GetAttribute("rel"), "canonical")
                && UrlNormalizer.TryNormalize(link.GetAttribute("href")!, baseUrl, out var resolved))
            {
                canonical = resolved;
                break;
            }
        }

        var anchors = noFollow ? [] : document.Links.ToArray(); // a[href] and area[href], in document order
        var links = new List<string>(anchors.Length);
        var seen = new HashSet<string>(anchors.Length, StringComparer.Ordinal);
        foreach (var anchor in anchors)
        {
            var href = anchor.GetAttribute("href");
            if (href is not null && !HasToken(anchor.GetAttribute("rel"), "nofollow")
                && UrlNormalizer.TryNormalize(href, baseUrl, out var link) && seen.Add(link))
            {
                links.Add(link);
            }
        }

        return new ParsedPage(title, links, canonical, (directives & RobotsDirectives.NoIndex) != 0, noFollow);
    }

    /// <summary>What the document's relative links resolve against: its first &lt;base href&gt; when that resolves to an
    /// http(s) URL, else the document's URL.</summary>
    internal static Uri BaseUrlOf(IHtmlDocument document, Uri documentUrl)
    {
        var baseHref = document.QuerySelector("base[href]")?.GetAttribute("href");
        return baseHref is not null
            && UrlNormalizer.TryNormalize(baseHref, documentUrl, out var resolvedBase)
            && Uri.TryCreate(resolvedBase, UriKind.Absolute, out var parsedBase)
            ? parsedBase
            : documentUrl;
    }

    /// <summary>Whether a space-separated token list (the rel attribute) holds the token, ignoring ASCII case.</summary>
    internal static bool HasToken(string? list, string token)
    {
        if (list is null)
        {
            return false;
        }

        foreach (var range in list.AsSpan().SplitAny(" \t\n\r\f"))
        {
            if (list.AsSpan(range).Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>noindex/nofollow/none in a comma-separated directive list; in a header, "name:" prefixes select the crawler
    /// that the following directives are for.</summary>
    internal static RobotsDirectives ParseDirectives(string? value, bool header)
    {
        var result = RobotsDirectives.None;
        if (string.IsNullOrEmpty(value))
        {
            return result;
        }

        var forUs = true;
        foreach (var range in value.AsSpan().Split(','))
        {
            var token = value.AsSpan(range).Trim();
            var colon = header ? token.IndexOf(':') : -1;
            if (colon > 0)
            {
                var name = token[..colon].Trim();
                if (!name.Contains(' ') && !IsDirectiveWithValue(name))
                {
                    forUs = name.Equals(ProductToken, StringComparison.OrdinalIgnoreCase);
                    token = token[(colon + 1)..].Trim();
                }
            }

            if (!forUs)
            {
                continue;
            }

            if (token.Equals("noindex", StringComparison.OrdinalIgnoreCase))
            {
                result |= RobotsDirectives.NoIndex;
            }
            else if (token.Equals("nofollow", StringComparison.OrdinalIgnoreCase))
            {
                result |= RobotsDirectives.NoFollow;
            }
            else if (token.Equals("none", StringComparison.OrdinalIgnoreCase))
            {
                result |= RobotsDirectives.NoIndex | RobotsDirectives.NoFollow;
            }
        }

        return result;
    }

    // Directives that carry a value after a colon, so that "max-snippet: 20" is not read as a crawler's name.
    private static bool IsDirectiveWithValue(ReadOnlySpan<char> name) =>
        name.Equals("unavailable_after", StringComparison.OrdinalIgnoreCase) || name.Equals("max-snippet", StringComparison.OrdinalIgnoreCase)
        || name.Equals("max-image-preview", StringComparison.OrdinalIgnoreCase) || name.Equals("max-video-preview", StringComparison.OrdinalIgnoreCase);

    [Flags]
    internal enum RobotsDirectives
    {
        None = 0,
        NoIndex = 1,
        NoFollow = 2,
    }

    /// <summary>Trims and collapses runs of ASCII whitespace to one space (HTML's "strip and collapse"); null
    /// when nothing is left.</summary>
    internal static string? CollapseWhitespace(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (c is ' ' or '\t' or '\n' or '\r' or '\f')
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(c);
        }

        return sb.Length == 0 ? null : sb.ToString();
    }
}
