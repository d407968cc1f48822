using System.Text;
using AngleSharp.Html.Parser;
using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Core.Parsing;

/// <summary>Parses HTML with AngleSharp and extracts the title and the &lt;a href&gt; links. Thread-safe.</summary>
/// <remarks>Links come from a[href] and area[href] (what browsers navigate to), resolved against the first
/// &lt;base href&gt; when it resolves to an http(s) URL, else against the document URL; each is normalized with
/// <see cref="UrlNormalizer.TryNormalize"/>, failures (mailto:, javascript:, empty, malformed) are dropped and
/// duplicates removed keeping the first occurrence.</remarks>
public sealed class HtmlPageParser
{
    // AngleSharp does not document HtmlParser as safe for concurrent ParseDocument calls (it carries a browsing
    // context and events), so each thread gets its own; building one is cheap next to parsing a page.
    [ThreadStatic]
    private static HtmlParser? t_parser;

    private static readonly HtmlParserOptions Options = new()
    {
        IsScripting = false,
        IsKeepingSourceReferences = false,
    };

    /// <param name="html">The decoded document.</param>
    /// <param name="documentUrl">The URL the document was fetched from (after redirects).</param>
    public ParsedPage Parse(string html, Uri documentUrl)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(documentUrl);

        var parser = t_parser ??= new HtmlParser(Options);
        using var document = parser.ParseDocument(html);

        var title = CollapseWhitespace(document.QuerySelector("title")?.TextContent);

        var baseUrl = documentUrl;
        var baseHref = document.QuerySelector("base[href]")?.GetAttribute("href");
        if (baseHref is not null
            && UrlNormalizer.TryNormalize(baseHref, documentUrl, out var resolvedBase)
            && Uri.TryCreate(resolvedBase, UriKind.Absolute, out var parsedBase))
        {
            baseUrl = parsedBase;
        }

        var anchors = document.Links; // a[href] and area[href], in document order
        var links = new List<string>(anchors.Length);
        var seen = new HashSet<string>(anchors.Length, StringComparer.Ordinal);
        foreach (var anchor in anchors)
        {
            var href = anchor.GetAttribute("href");
            if (href is not null && UrlNormalizer.TryNormalize(href, baseUrl, out var link) && seen.Add(link))
            {
                links.Add(link);
            }
        }

        return new ParsedPage(title, links);
    }

    /// <summary>Trims and collapses runs of ASCII whitespace to one space (HTML's "strip and collapse"); null
    /// when nothing is left.</summary>
    private static string? CollapseWhitespace(string? text)
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
