using System.Buffers;
using System.Runtime.CompilerServices;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace OrleansCrawler.Core.Content;

/// <summary>A page's main content without its boilerplate (navigation, header and footer, sidebars, ads, share and
/// comment boxes), as text, Markdown or HTML, with its language and word count. Hand-written over the document the
/// crawler already parsed, and read-only, so the page is parsed once and the other features see it unchanged
/// (docs/content.md says why not SmartReader). Thread-safe.</summary>
public static class ContentExtractor
{
    // What one document's extraction found, kept for as long as the document lives: --content and --dedup on the same
    // page share one search for the main content and one plain-text rendering of it.
    private static readonly ConditionalWeakTable<IHtmlDocument, Found> Cache = [];

    /// <summary>The main content, or null when the page has none: no body text, or a body that is not text at all
    /// (binary served as HTML).</summary>
    public static ExtractedContent? Extract(IHtmlDocument document, Uri url, ContentFormat format)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(url);
        if (format == ContentFormat.None)
        {
            return null;
        }

        var found = Cache.GetValue(document, d => new Found(d));
        lock (found)
        {
            if (found.Text(url) is not { } text)
            {
                return null;
            }

            var output = format switch
            {
                ContentFormat.Text => text,
                ContentFormat.Markdown => ContentWriter.Write(found.Elements!, markdown: true, url, found.Analysis),
                _ => string.Join("\n", found.Elements!.Select(e => e.OuterHtml)),
            };
            return new ExtractedContent(output, LanguageGuesser.Guess(document, text), WordCount(text));
        }
    }

    /// <summary>The main content as plain text (what <see cref="ContentFormat.Text"/> stores), without language or word
    /// count; null when the page has no main content. For near-duplicate fingerprints (docs/dedup.md).</summary>
    public static string? MainText(IHtmlDocument document, Uri url)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(url);
        var found = Cache.GetValue(document, d => new Found(d));
        lock (found)
        {
            return found.Text(url);
        }
    }

    /// <summary>Words: runs of letters or digits (with inner apostrophes, hyphens and dots), as a reader counts them.
    /// Without a branch per character: an ASCII character's kind is looked up (<see cref="AsciiWordKinds"/>).</summary>
    public static int WordCount(ReadOnlySpan<char> text)
    {
        var kinds = AsciiWordKinds;
        var words = 0;
        var inWord = 0;
        foreach (var c in text)
        {
            int kind = c < 128 ? kinds[c] : char.IsLetterOrDigit(c) ? WordChar : c == '’' ? Joiner : 0;
            var word = kind & WordChar;
            words += word & ~inWord;
            // A letter or digit starts or goes on with a word; a joiner goes on with one only inside it.
            inWord = word | ((kind >> 1) & inWord);
        }

        return words;
    }

    private const int WordChar = 1, Joiner = 2;

    // What an ASCII character is to WordCount: a letter or digit (1, the only ASCII characters char.IsLetterOrDigit
    // accepts), an apostrophe, hyphen or dot (2), else 0.
    private static ReadOnlySpan<byte> AsciiWordKinds =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 2, 2, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    ];

    // A decoder turns binary into NULs, control characters and U+FFFD; text has almost none of them. Judged on the
    // first 4,096 characters of the body's text, read from its text nodes in place (not the whole TextContent, nor a
    // copy of them): a vectorized search finds a node without any such character, the usual case, at once.
    private const int BinarySample = 4096;

    // What LooksBinary counts: U+FFFD and char.IsControl's characters (U+0000-U+001F, U+007F-U+009F) except the
    // white space \t \n \f \r. ContentExtractorTests checks the set against that definition on every character.
    internal static readonly SearchValues<char> OddChars = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Select(c => (char)c).Where(c => c is not ('\n' or '\r' or '\t' or '\f')), '\uFFFD']);

    private static bool LooksBinary(IElement body)
    {
        var (length, odd) = (0, 0);
        CountOdd(body, ref length, ref odd);
        return length > 0 && odd * 10 > length;
    }

    private static void CountOdd(INode node, ref int length, ref int odd)
    {
        foreach (var child in node.ChildNodes)
        {
            if (length >= BinarySample)
            {
                return;
            }

            if (child is IText text)
            {
                var data = text.Data.AsSpan(0, Math.Min(text.Data.Length, BinarySample - length));
                length += data.Length;
                for (var i = data.IndexOfAny(OddChars); i >= 0; i = data.IndexOfAny(OddChars))
                {
                    odd++;
                    data = data[(i + 1)..];
                }
            }
            else if (child is IElement)
            {
                CountOdd(child, ref length, ref odd);
            }
        }
    }

    /// <summary>One document's main content: found once, its plain text written once per URL asked (in practice one).</summary>
    private sealed class Found(IHtmlDocument document)
    {
        private bool _searched;
        private Uri? _textUrl;
        private string? _text;

        public ContentAnalysis Analysis { get; } = new();

        public IReadOnlyList<IElement>? Elements { get; private set; }

        /// <summary>The main content as plain text; null when there is none. Call under the lock.</summary>
        public string? Text(Uri url)
        {
            if (!_searched)
            {
                _searched = true;
                Elements = document.Body is not { } body || LooksBinary(body) ? [] : MainContentFinder.Find(document, Analysis);
            }

            if (Elements!.Count == 0)
            {
                return null;
            }

            if (_textUrl != url)
            {
                var text = ContentWriter.Write(Elements, markdown: false, url, Analysis);
                (_textUrl, _text) = (url, text.Length == 0 ? null : text);
            }

            return _text;
        }
    }
}
