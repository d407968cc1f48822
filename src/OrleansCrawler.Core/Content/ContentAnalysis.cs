using AngleSharp.Dom;

namespace OrleansCrawler.Core.Content;

/// <summary>What the content finder and writer ask of an element, computed once per element of one document: whether it
/// is boilerplate, and the length of its text (trimmed) and of the text inside its links. Asked naively, each question
/// reads the element's whole subtree again (<c>TextContent</c>, <c>QuerySelectorAll("a")</c>), and a container is asked
/// once for itself and again for each of its ancestors: quadratic in the depth of the page, and most of the extractor's
/// cost. Here each element's figures are summed from its children's, once. Not thread-safe: one per extraction.</summary>
internal sealed class ContentAnalysis
{
    private readonly Dictionary<IElement, bool> _boilerplate = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<INode, Figures> _figures = new(ReferenceEqualityComparer.Instance);

    /// <param name="Length">Characters of the element's text (<c>TextContent</c>).</param>
    /// <param name="Leading">Of those, white space at the start (all of them when the text is only white space).</param>
    /// <param name="Trailing">White space at the end.</param>
    /// <param name="Linked">Characters of trimmed text inside its <c>a</c> descendants, each link counted as its own trimmed text.</param>
    /// <param name="Links">Its <c>a</c> descendants.</param>
    /// <param name="Commas">Commas in its text.</param>
    private readonly record struct Figures(int Length, int Leading, int Trailing, int Linked, int Links, int Commas)
    {
        public int Trimmed => Leading == Length ? 0 : Length - Leading - Trailing;
    }

    public bool IsBoilerplate(IElement element)
    {
        if (!_boilerplate.TryGetValue(element, out var boilerplate))
        {
            _boilerplate[element] = boilerplate = MainContentFinder.IsBoilerplate(element);
        }

        return boilerplate;
    }

    /// <summary>The length of <c>element.TextContent.Trim()</c>.</summary>
    public int TextLength(IElement element) => Of(element).Trimmed;

    /// <summary>The number of commas in <c>element.TextContent</c>.</summary>
    public int Commas(IElement element) => Of(element).Commas;

    /// <summary>The number of <c>a</c> elements inside.</summary>
    public int LinkCount(IElement element) => Of(element).Links;

    /// <summary>Share of an element's trimmed text that sits inside links (0..1).</summary>
    public double LinkDensity(IElement element)
    {
        var figures = Of(element);
        return figures.Trimmed == 0 ? 0 : Math.Min(1, (double)figures.Linked / figures.Trimmed);
    }

    private Figures Of(INode node)
    {
        if (node is IText text)
        {
            return OfText(text.Data);
        }

        if (_figures.TryGetValue(node, out var known))
        {
            return known;
        }

        int length = 0, leading = 0, trailing = 0, linked = 0, links = 0, commas = 0;
        foreach (var child in node.ChildNodes)
        {
            if (child is not (IText or IElement))
            {
                continue;
            }

            var f = Of(child);
            leading = leading == length ? length + f.Leading : leading;
            trailing = f.Leading == f.Length ? trailing + f.Length : f.Trailing;
            length += f.Length;
            linked += f.Linked;
            links += f.Links;
            commas += f.Commas;
            if (child is IElement { LocalName: "a" })
            {
                linked += f.Trimmed;
                links++;
            }
        }

        var figures = new Figures(length, leading, trailing, linked, links, commas);
        _figures[node] = figures;
        return figures;
    }

    private static Figures OfText(string data)
    {
        var span = data.AsSpan();
        var start = span.Length - span.TrimStart().Length;
        var end = span.Length - span.TrimEnd().Length;
        return new Figures(span.Length, start, start == span.Length ? span.Length : end, 0, 0, span.Count(','));
    }
}
