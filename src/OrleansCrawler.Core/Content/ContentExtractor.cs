using AngleSharp.Html.Dom;

namespace OrleansCrawler.Core.Content;

/// <summary>A page's main content without its boilerplate (navigation, header and footer, sidebars, ads, share and
/// comment boxes), as text, Markdown or HTML, with its language and word count. Hand-written over the document the
/// crawler already parsed, and read-only, so the page is parsed once and the other features see it unchanged
/// (docs/content.md says why not SmartReader). Thread-safe.</summary>
public static class ContentExtractor
{
    /// <summary>The main content, or null when the page has none: no body text, or a body that is not text at all
    /// (binary served as HTML).</summary>
    public static ExtractedContent? Extract(IHtmlDocument document, Uri url, ContentFormat format)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(url);
        if (format == ContentFormat.None || document.Body is not { } body || LooksBinary(body.TextContent))
        {
            return null;
        }

        var elements = MainContentFinder.Find(document);
        if (elements.Count == 0)
        {
            return null;
        }

        var text = ContentWriter.Write(elements, markdown: false, url);
        if (text.Length == 0)
        {
            return null;
        }

        var output = format switch
        {
            ContentFormat.Text => text,
            ContentFormat.Markdown => ContentWriter.Write(elements, markdown: true, url),
            _ => string.Join("\n", elements.Select(e => e.OuterHtml)),
        };
        return new ExtractedContent(output, LanguageGuesser.Guess(document, text), WordCount(text));
    }

    /// <summary>Words: runs of letters or digits (with inner apostrophes, hyphens and dots), as a reader counts them.</summary>
    public static int WordCount(ReadOnlySpan<char> text)
    {
        var words = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (!inWord)
                {
                    words++;
                }

                inWord = true;
            }
            else if (!(inWord && c is '\'' or '’' or '-' or '.'))
            {
                inWord = false;
            }
        }

        return words;
    }

    // A decoder turns binary into NULs, control characters and U+FFFD; text has almost none of them.
    private static bool LooksBinary(string text)
    {
        var sample = text.AsSpan(0, Math.Min(text.Length, 4096));
        var odd = 0;
        foreach (var c in sample)
        {
            if (c == '\uFFFD' || (char.IsControl(c) && c is not ('\n' or '\r' or '\t' or '\f')))
            {
                odd++;
            }
        }

        return sample.Length > 0 && odd * 10 > sample.Length;
    }
}
