using System.Text;
using AngleSharp.Dom;

namespace OrleansCrawler.Core.Content;

/// <summary>Writes the main content's elements as Markdown (CommonMark with GitHub tables) or plain text, leaving out
/// boilerplate inside them (<see cref="MainContentFinder.IsBoilerplate"/>) and link-heavy blocks (a list of links in an
/// article is a "read more" box, not its text). Links and images get absolute URLs. Reads the document, never changes it.</summary>
internal sealed class ContentWriter(bool markdown, Uri baseUrl)
{
    private readonly StringBuilder _out = new();
    private int _pendingBreaks;
    private string _prefix = "";

    public static string Write(IReadOnlyList<IElement> elements, bool markdown, Uri baseUrl)
    {
        var writer = new ContentWriter(markdown, baseUrl);
        foreach (var element in elements)
        {
            writer.Node(element);
            writer.Block();
        }

        return writer._out.ToString().Trim();
    }

    private void Node(INode node)
    {
        if (node is IText text)
        {
            Inline(text.Data);
            return;
        }

        if (node is not IElement element || MainContentFinder.IsBoilerplate(element))
        {
            return;
        }

        switch (element.LocalName)
        {
            case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                Block();
                Raw(markdown ? new string('#', element.LocalName[1] - '0') + " " : "");
                Children(element);
                Block();
                break;
            case "p" or "div" or "section" or "article" or "main" or "header" or "figure" or "figcaption" or "dl" or "dd" or "dt" or "address":
                if (element.LocalName is "div" or "section" && IsLinkList(element))
                {
                    return;
                }

                Block();
                Children(element);
                Block();
                break;
            case "ul" or "ol":
                if (IsLinkList(element))
                {
                    return;
                }

                List(element, ordered: element.LocalName == "ol");
                break;
            case "pre":
                Block();
                Raw(markdown ? "```\n" + element.TextContent.TrimEnd('\n') + "\n```" : element.TextContent.TrimEnd('\n'));
                Block();
                break;
            case "blockquote":
                Quote(element);
                break;
            case "table":
                Table(element);
                break;
            case "br":
                Raw(markdown ? "  \n" + _prefix : "\n" + _prefix);
                break;
            case "hr":
                Block();
                Raw(markdown ? "---" : "");
                Block();
                break;
            case "a" when markdown && Absolute(element.GetAttribute("href")) is { } href && element.TextContent.Trim().Length > 0:
                Raw("[");
                Children(element);
                Raw("](" + href + ")");
                break;
            case "img" when markdown && Absolute(element.GetAttribute("src")) is { } src:
                Raw("![" + Escape((element.GetAttribute("alt") ?? "").Trim()) + "](" + src + ")");
                break;
            case "strong" or "b" when markdown && element.TextContent.Trim().Length > 0:
                Wrapped(element, "**");
                break;
            case "em" or "i" when markdown && element.TextContent.Trim().Length > 0:
                Wrapped(element, "*");
                break;
            case "code" when markdown:
                Raw("`" + element.TextContent.Replace('`', '\'') + "`");
                break;
            default:
                Children(element);
                break;
        }
    }

    private void Children(IElement element)
    {
        foreach (var child in element.ChildNodes)
        {
            Node(child);
        }
    }

    private void Wrapped(IElement element, string mark)
    {
        Raw(mark);
        Children(element);
        Raw(mark);
    }

    private void List(IElement list, bool ordered)
    {
        Block();
        var number = 1;
        var outer = _prefix;
        foreach (var item in list.Children)
        {
            if (item.LocalName != "li" || MainContentFinder.IsBoilerplate(item))
            {
                continue;
            }

            var marker = markdown ? (ordered ? number++ + ". " : "- ") : (ordered ? number++ + ". " : "- ");
            Line();
            Raw(marker);
            _prefix = outer + new string(' ', marker.Length);
            Children(item);
            _prefix = outer;
        }

        Block();
    }

    private void Quote(IElement quote)
    {
        Block();
        var outer = _prefix;
        _prefix = outer + (markdown ? "> " : "");
        if (_out.Length == 0)
        {
            Raw(_prefix);
        }

        Children(quote);
        _prefix = outer;
        Block();
    }

    private void Table(IElement table)
    {
        var rows = table.QuerySelectorAll("tr").Where(r => r.Closest("table") == table).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        Block();
        var width = rows.Max(r => r.Children.Count(c => c.LocalName is "td" or "th"));
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = rows[i].Children.Where(c => c.LocalName is "td" or "th").Select(c => Cell(c)).ToList();
            while (cells.Count < width)
            {
                cells.Add("");
            }

            Line();
            Raw(markdown ? "| " + string.Join(" | ", cells) + " |" : string.Join("\t", cells));
            if (markdown && i == 0)
            {
                Line();
                Raw("|" + string.Concat(Enumerable.Repeat(" --- |", width)));
            }
        }

        Block();
    }

    private string Cell(IElement cell)
    {
        var inner = new ContentWriter(markdown, baseUrl);
        inner.Children(cell);
        return inner._out.ToString().Trim().Replace("\n", " ", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);
    }

    private void Inline(string data)
    {
        var collapsed = new StringBuilder(data.Length);
        var space = false;
        foreach (var c in data)
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space && (collapsed.Length > 0 || (_out.Length > 0 && !char.IsWhiteSpace(_out[^1]) && _pendingBreaks == 0)))
            {
                collapsed.Append(' ');
            }

            space = false;
            collapsed.Append(markdown && c is '*' or '_' or '[' or ']' or '`' or '\\' ? "\\" + c : c);
        }

        if (space && collapsed.Length > 0)
        {
            collapsed.Append(' ');
        }

        if (collapsed.Length > 0)
        {
            Raw(collapsed.ToString());
        }
    }

    private void Raw(string value)
    {
        if (value.Length == 0)
        {
            return;
        }

        if (_pendingBreaks > 0 && _out.Length > 0)
        {
            _out.Append('\n', 1);
            for (var i = 1; i < _pendingBreaks; i++)
            {
                _out.Append(_prefix.TrimEnd()).Append('\n');
            }

            _out.Append(_prefix);
            value = value.TrimStart(' ');
        }

        _pendingBreaks = 0;
        _out.Append(value);
    }

    private void Block() => _pendingBreaks = Math.Max(_pendingBreaks, 2);

    private void Line() => _pendingBreaks = Math.Max(_pendingBreaks, 1);

    private static bool IsLinkList(IElement element)
    {
        var links = element.QuerySelectorAll("a").Length;
        return links >= 3 && MainContentFinder.LinkDensity(element) > 0.7;
    }

    private string? Absolute(string? href) =>
        href is not null && Uri.TryCreate(baseUrl, href.Trim(), out var uri) && uri.Scheme is "http" or "https"
            ? uri.AbsoluteUri.Replace(" ", "%20", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal)
            : null;

    private static string Escape(string text) => text.Replace("]", "\\]", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal);
}
