using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace OrleansCrawler.Core.Content;

/// <summary>Finds the elements that hold a page's main content, the way Mozilla's Readability scores candidates, but
/// without changing the document (it is shared with the other page features): paragraphs give points for their length
/// and commas to their parent and grandparent; containers start from their tag and class; a candidate's score shrinks
/// with its link density; the best one and those of its siblings that score close to it are the content.
/// Boilerplate containers (nav, footer, aside, forms, and class or id names like sidebar, menu, ad, share,
/// comment) are never candidates and add nothing.</summary>
internal static partial class MainContentFinder
{
    // Readability's unlikelyCandidates and its maybe list (which rescues "article", "main", "content", ...).
    [GeneratedRegex(@"-ad-|\bads?\b|advert|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|promo|popup|newsletter|subscribe|cookie|share|tweet|pager|pagination|signup|widget|nav\b|navbar|masthead|byline-share|outbrain|taboola",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    internal static partial Regex Unlikely();

    [GeneratedRegex(@"and|article|body|column|content|main|shadow|story|entry|post-body|text", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Maybe();

    [GeneratedRegex(@"article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Positive();

    [GeneratedRegex(@"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|newsletter|subscribe|cookie",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Negative();

    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "nav", "aside", "footer", "form", "button", "iframe", "svg", "select",
        "input", "textarea", "object", "embed", "canvas", "dialog", "menu",
    };

    /// <summary>Whether an element and everything in it is boilerplate: never read as content.</summary>
    internal static bool IsBoilerplate(IElement element)
    {
        if (Skipped.Contains(element.LocalName) || element.HasAttribute("hidden") || element.GetAttribute("aria-hidden") == "true")
        {
            return true;
        }

        var role = element.GetAttribute("role");
        if (role is "navigation" or "banner" or "complementary" or "contentinfo" or "menu" or "menubar" or "search" or "dialog" or "alert")
        {
            return true;
        }

        var names = ClassAndId(element);
        return names.Length > 0 && element.LocalName is not ("body" or "article" or "main" or "a" or "table" or "tbody" or "tr" or "td" or "th" or "code" or "pre")
            && Unlikely().IsMatch(names) && !Maybe().IsMatch(names);
    }

    /// <summary>The main content: one or more sibling elements in document order, or empty when the page has none
    /// (no paragraph of text).</summary>
    public static IReadOnlyList<IElement> Find(IHtmlDocument document, ContentAnalysis? analysis = null)
    {
        if (document.Body is not { } body)
        {
            return [];
        }

        analysis ??= new ContentAnalysis();
        var scores = new Dictionary<IElement, double>();
        Score(body, scores, analysis);
        if (scores.Count == 0)
        {
            return analysis.TextLength(body) > 0 ? [body] : [];
        }

        IElement? top = null;
        var topScore = double.MinValue;
        foreach (var (element, raw) in scores)
        {
            var score = raw * (1 - analysis.LinkDensity(element));
            scores[element] = score;
            if (score > topScore)
            {
                (top, topScore) = (element, score);
            }
        }

        // Readability climbs while the parent holds the same text (a wrapper adds nothing but misses nothing either).
        while (top!.ParentElement is { } parent && parent != body && parent.Children.Length == 1)
        {
            top = parent;
        }

        if (top.ParentElement is not { } container)
        {
            return [top];
        }

        var threshold = Math.Max(10, topScore * 0.2);
        var content = new List<IElement>();
        foreach (var sibling in container.Children)
        {
            if (sibling == top || (!analysis.IsBoilerplate(sibling) && (scores.TryGetValue(sibling, out var s) && s >= threshold || IsGoodParagraph(sibling, analysis))))
            {
                content.Add(sibling);
            }
        }

        return content;
    }

    private static void Score(IElement element, Dictionary<IElement, double> scores, ContentAnalysis analysis)
    {
        foreach (var child in element.Children)
        {
            if (analysis.IsBoilerplate(child))
            {
                continue;
            }

            if (child.LocalName is "p" or "pre" or "td" or "blockquote" || (child.LocalName is "div" or "section" && !HasBlockChild(child)))
            {
                // The length of its trimmed text and its commas, from the analysis (not a TextContent string per block).
                var length = analysis.TextLength(child);
                if (length >= 25)
                {
                    var points = 1 + analysis.Commas(child) + Math.Min(length / 100, 3);
                    AddTo(child.ParentElement, points, scores);
                    AddTo(child.ParentElement?.ParentElement, points / 2.0, scores);
                    AddTo(child.ParentElement?.ParentElement?.ParentElement, points / 6.0, scores);
                }

                if (child.LocalName is "p" or "pre" or "blockquote")
                {
                    continue;
                }
            }

            Score(child, scores, analysis);
        }
    }

    private static void AddTo(IElement? element, double points, Dictionary<IElement, double> scores)
    {
        if (element is null || element.LocalName == "html")
        {
            return;
        }

        scores[element] = (scores.TryGetValue(element, out var score) ? score : Initial(element)) + points;
    }

    private static double Initial(IElement element)
    {
        var score = element.LocalName switch
        {
            "div" or "article" or "main" => 5,
            "pre" or "td" or "blockquote" => 3,
            "address" or "ol" or "ul" or "dl" or "dd" or "dt" or "li" or "form" => -3,
            "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "th" => -5,
            _ => 0,
        };
        if (element.LocalName is "article" or "main" || element.GetAttribute("role") == "main")
        {
            score += 10;
        }

        var names = ClassAndId(element);
        return names.Length == 0 ? score : score + (Negative().IsMatch(names) ? -25 : 0) + (Positive().IsMatch(names) ? 25 : 0);
    }

    private static bool IsGoodParagraph(IElement element, ContentAnalysis analysis)
    {
        if (element.LocalName != "p")
        {
            return false;
        }

        var length = analysis.TextLength(element);
        var density = analysis.LinkDensity(element);
        return (length > 80 && density < 0.25) || (length > 0 && density == 0 && element.TextContent.Contains(". ", StringComparison.Ordinal));
    }

    private static bool HasBlockChild(IElement element)
    {
        foreach (var child in element.Children)
        {
            if (child.LocalName is "div" or "p" or "section" or "article" or "table" or "ul" or "ol" or "pre" or "blockquote" or "h1" or "h2" or "h3"
                or "h4" or "h5" or "h6" or "dl" or "figure" or "main")
            {
                return true;
            }
        }

        return false;
    }

    private static string ClassAndId(IElement element)
    {
        var cls = element.GetAttribute("class");
        var id = element.GetAttribute("id");
        return cls is null ? id ?? "" : id is null ? cls : cls + " " + id;
    }
}
