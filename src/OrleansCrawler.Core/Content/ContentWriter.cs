using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using AngleSharp.Dom;

namespace OrleansCrawler.Core.Content;

/// <summary>Writes the main content's elements as Markdown (CommonMark with GitHub tables) or plain text, leaving out
/// boilerplate inside them (<see cref="MainContentFinder.IsBoilerplate"/>) and link-heavy blocks (a list of links in an
/// article is a "read more" box, not its text). Links and images get absolute URLs. Reads the document, never changes it.</summary>
internal sealed class ContentWriter(bool markdown, Uri baseUrl, ContentAnalysis analysis, StringBuilder? output = null)
{
    // The builder of a thread's last page, kept for its next one when it holds at most KeptOutput characters (512 KB):
    // the output of a 28 kB page is some 40 kB of characters, allocated and cleared per page before.
    [ThreadStatic]
    private static StringBuilder? t_output;

    private const int KeptOutput = 256 * 1024;

    // What Markdown escapes in text.
    private static readonly SearchValues<char> MarkdownSpecial = SearchValues.Create("*_[]`\\");

    // What an ASCII character is to Inline: part of a word (0), white space (1), part of a word that Markdown escapes (2).
    private const byte Word = 0, Space = 1, Special = 2;
    private static readonly byte[] AsciiKinds = AsciiKindsTable();

    // Text that Inline writes as it is, once a single space at either end is dealt with: printable ASCII, and for
    // Markdown none of the characters it escapes (runs of spaces are looked for apart).
    private static readonly SearchValues<char> PlainText = SearchValues.Create(Printable(except: ""));
    private static readonly SearchValues<char> PlainMarkdown = SearchValues.Create(Printable(except: "*_[]`\\"));

    private readonly StringBuilder _out = output ?? new();
    private readonly LinkResolver _links = new(baseUrl);
    private char[] _inline = new char[256];
    private int _pendingBreaks;
    private string _prefix = "";

    public static string Write(IReadOnlyList<IElement> elements, bool markdown, Uri baseUrl, ContentAnalysis analysis)
    {
        // Taken from the thread while in use (a nested Write gets a new one) and given back cleared.
        var output = t_output ?? new StringBuilder();
        t_output = null;
        try
        {
            return Write(new ContentWriter(markdown, baseUrl, analysis, output), elements, analysis);
        }
        finally
        {
            if (output.Capacity <= KeptOutput)
            {
                t_output = output.Clear();
            }
        }
    }

    private static string Write(ContentWriter writer, IReadOnlyList<IElement> elements, ContentAnalysis analysis)
    {
        // Room for the elements' text from the start (plus an eighth for Markdown's marks and link targets): a builder
        // that grows a chunk at a time allocated (and cleared) each chunk as the page's text came.
        var text = 0L;
        foreach (var element in elements)
        {
            text += analysis.TextLength(element);
        }

        writer._out.EnsureCapacity((int)Math.Min(text + text / 8 + 64, 1 << 24));
        foreach (var element in elements)
        {
            writer.Node(element);
            writer.Block();
        }

        // string.Trim() of the builder's text, copied once.
        var output = writer._out;
        var start = 0;
        var end = output.Length;
        while (start < end && char.IsWhiteSpace(output[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(output[end - 1]))
        {
            end--;
        }

        return output.ToString(start, end - start);
    }

    private void Node(INode node)
    {
        if (node is IText text)
        {
            Inline(text.Data);
            return;
        }

        if (node is not IElement element || analysis.IsBoilerplate(element))
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
            case "a" when markdown && analysis.TextLength(element) > 0 && Absolute(element.GetAttribute("href")) is { } href:
                Raw("[");
                Children(element);
                Raw("](" + href + ")");
                break;
            case "img" when markdown && Absolute(element.GetAttribute("src")) is { } src:
                Raw("![" + Escape((element.GetAttribute("alt") ?? "").Trim()) + "](" + src + ")");
                break;
            case "strong" or "b" when markdown && analysis.TextLength(element) > 0:
                Wrapped(element, "**");
                break;
            case "em" or "i" when markdown && analysis.TextLength(element) > 0:
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

    /// <summary>Emphasis: the element's text between two marks, with white space at its ends moved outside them
    /// (CommonMark reads <c>* word *</c> as text with asterisks, <c>*word*</c> as emphasis).</summary>
    private void Wrapped(IElement element, string mark)
    {
        Raw(mark);
        var start = _out.Length;
        Children(element);
        if (_out.Length > start && _out[start] == ' ')
        {
            _out.Remove(start, 1);
            var opening = start - mark.Length;
            if (opening > 0 && !char.IsWhiteSpace(_out[opening - 1]))
            {
                _out.Insert(opening, ' ');
            }
        }

        var trailing = _out.Length > start && _out[^1] == ' ';
        if (trailing)
        {
            _out.Length--;
        }

        Raw(mark);
        if (trailing)
        {
            _out.Append(' ');
        }
    }

    private void List(IElement list, bool ordered)
    {
        Block();
        var number = 1;
        var outer = _prefix;
        foreach (var item in list.Children)
        {
            if (item.LocalName != "li" || analysis.IsBoilerplate(item))
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
        var inner = new ContentWriter(markdown, baseUrl, analysis);
        inner.Children(cell);
        return inner._out.ToString().Trim().Replace("\n", " ", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);
    }

    /// <summary>A text node: runs of white space collapse to one space (none at the start of a block), Markdown's
    /// special characters are escaped. Word by word: each word is copied at once, and the characters are tested inline
    /// (a vectorized search per word cost more than it saved on words of a few letters, and a search for char.IsWhiteSpace's
    /// non-ASCII characters cannot use the ASCII fast path), an ASCII character by one table lookup.</summary>
    private void Inline(string data)
    {
        var span = data.AsSpan();
        if (span.IndexOfAnyExcept(markdown ? PlainMarkdown : PlainText) < 0 && !span.Contains("  ", StringComparison.Ordinal))
        {
            // Words between single spaces, nothing to escape (most text of most pages): the loop below would copy it
            // as it is, with a space at either end kept on the same terms as the loop keeps it. One vectorized test
            // instead of one per character.
            var words = span.Trim(' ');
            if (words.IsEmpty)
            {
                return;
            }

            if (span[0] == ' ' && _out.Length > 0 && !char.IsWhiteSpace(_out[^1]) && _pendingBreaks == 0)
            {
                _out.Append(' ');
            }

            Raw(words);
            if (span[^1] == ' ')
            {
                _out.Append(' ');
            }

            return;
        }

        var length = 0;
        var space = false;
        var i = 0;
        while (i < span.Length)
        {
            if (IsWhiteSpace(span[i]))
            {
                space = true;
                i++;
                continue;
            }

            var start = i;
            var special = false;
            for (; i < span.Length; i++)
            {
                var c = span[i];
                if (c < 128)
                {
                    var kind = AsciiKinds[c];
                    if (kind == Space)
                    {
                        break;
                    }

                    special |= kind == Special;
                }
                else if (c >= '\u0085' && char.IsWhiteSpace(c))
                {
                    break;
                }
            }

            if (space && (length > 0 || (_out.Length > 0 && !char.IsWhiteSpace(_out[^1]) && _pendingBreaks == 0)))
            {
                Put(ref length, ' ');
            }

            space = false;
            var word = span[start..i];
            while (markdown && special && word.IndexOfAny(MarkdownSpecial) is var at and >= 0)
            {
                Put(ref length, word[..at]);
                Put(ref length, '\\');
                Put(ref length, word.Slice(at, 1));
                word = word[(at + 1)..];
            }

            Put(ref length, word);
        }

        if (space && length > 0)
        {
            Put(ref length, ' ');
        }

        Raw(_inline.AsSpan(0, length));
    }

    /// <summary><see cref="char.IsWhiteSpace(char)"/>, with its ASCII answers inline.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsWhiteSpace(char c) => c == ' ' || (uint)(c - '\t') <= '\r' - '\t' || (c >= '\u0085' && char.IsWhiteSpace(c));

    private static string Printable(string except)
    {
        var chars = new StringBuilder();
        for (var c = ' '; c <= '~'; c++)
        {
            if (!except.Contains(c, StringComparison.Ordinal))
            {
                chars.Append(c);
            }
        }

        return chars.ToString();
    }

    private static byte[] AsciiKindsTable()
    {
        var kinds = new byte[128];
        for (var c = 0; c < kinds.Length; c++)
        {
            kinds[c] = IsWhiteSpace((char)c) ? Space : MarkdownSpecial.Contains((char)c) ? Special : Word;
        }

        return kinds;
    }

    private void Put(ref int length, char c) => Put(ref length, new ReadOnlySpan<char>(in c));

    private void Put(ref int length, ReadOnlySpan<char> chars)
    {
        if (length + chars.Length > _inline.Length)
        {
            Array.Resize(ref _inline, Math.Max(_inline.Length * 2, length + chars.Length));
        }

        chars.CopyTo(_inline.AsSpan(length));
        length += chars.Length;
    }

    private void Raw(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
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

    private bool IsLinkList(IElement element) => analysis.LinkCount(element) >= 3 && analysis.LinkDensity(element) > 0.7;

    private string? Absolute(string? href) => _links.Resolve(href);

    private static string Escape(string text) => text.Replace("]", "\\]", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal);
}
