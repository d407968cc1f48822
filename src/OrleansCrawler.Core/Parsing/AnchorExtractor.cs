using AngleSharp.Html.Dom;
using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Core.Parsing;

/// <summary>Every outlink of a parsed page for the link graph: a[href] and area[href] in document order, resolved as the
/// parser resolves them (&lt;base href&gt;, normalization; mailto:, javascript: and malformed hrefs dropped), one per
/// target (the first occurrence's anchor text and rel), nofollow ones included and marked. Needs the document with its
/// text (<see cref="HtmlPageParser.ParseDocument"/>). Thread-safe.</summary>
public static class AnchorExtractor
{
    private static readonly string[] QualifyingRel = ["nofollow", "sponsored", "ugc"];

    public static List<PageAnchor> Extract(IHtmlDocument document, Uri documentUrl)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(documentUrl);
        var baseUrl = HtmlPageParser.BaseUrlOf(document, documentUrl);
        var anchors = new List<PageAnchor>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in document.Links)
        {
            var href = element.GetAttribute("href");
            if (href is null || !UrlNormalizer.TryNormalize(href, baseUrl, out var url) || !seen.Add(url))
            {
                continue;
            }

            var text = element is IHtmlAreaElement area ? area.AlternativeText : element.TextContent;
            anchors.Add(new PageAnchor(url, HtmlPageParser.CollapseWhitespace(text), RelOf(element.GetAttribute("rel"))));
        }

        return anchors;
    }

    private static string? RelOf(string? rel)
    {
        if (rel is null)
        {
            return null;
        }

        string? tokens = null;
        foreach (var token in QualifyingRel)
        {
            if (HtmlPageParser.HasToken(rel, token))
            {
                tokens = tokens is null ? token : tokens + " " + token;
            }
        }

        return tokens;
    }
}
