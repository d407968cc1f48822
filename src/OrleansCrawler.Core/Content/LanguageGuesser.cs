using AngleSharp.Html.Dom;

namespace OrleansCrawler.Core.Content;

/// <summary>A page's language: the one it declares (<c>&lt;html lang&gt;</c>, else <c>&lt;meta http-equiv="content-language"&gt;</c>),
/// else a guess from the most frequent short words of its main text among a few European languages, else null. A
/// statistical detector (Lingua, the only one served) ships 143 MB of models; this covers the common case, and a page
/// that declares its language is taken at its word.</summary>
internal static class LanguageGuesser
{
    private static readonly (string Tag, HashSet<string> Words)[] Languages =
    [
        ("en", ["the", "and", "of", "to", "is", "in", "that", "it", "was", "for", "with", "are", "this", "on", "be"]),
        ("de", ["der", "die", "und", "das", "ist", "nicht", "ein", "eine", "zu", "den", "mit", "sich", "auf", "auch", "dem"]),
        ("fr", ["le", "la", "les", "et", "des", "est", "une", "du", "que", "pas", "pour", "dans", "qui", "sur", "au"]),
        ("es", ["el", "la", "los", "las", "y", "que", "es", "del", "en", "por", "una", "con", "para", "se", "como"]),
        ("it", ["il", "di", "che", "e", "la", "è", "per", "un", "non", "una", "gli", "sono", "della", "con", "del"]),
        ("pt", ["o", "a", "os", "as", "de", "que", "não", "do", "da", "em", "um", "uma", "para", "com", "é"]),
        ("nl", ["de", "het", "een", "en", "van", "is", "dat", "niet", "op", "te", "zijn", "met", "voor", "ook", "maar"]),
    ];

    public static string? Guess(IHtmlDocument document, string text)
    {
        var declared = document.DocumentElement?.GetAttribute("lang")
            ?? document.QuerySelector("meta[http-equiv='content-language' i]")?.GetAttribute("content");
        if (Normalize(declared) is { } tag)
        {
            return tag;
        }

        var counts = new int[Languages.Length];
        var words = 0;
        foreach (var word in text.ToLowerInvariant().Split([' ', '\n', '\t', ',', '.', ';', ':', '!', '?', '(', ')', '"'], StringSplitOptions.RemoveEmptyEntries))
        {
            words++;
            for (var i = 0; i < Languages.Length; i++)
            {
                if (Languages[i].Words.Contains(word))
                {
                    counts[i]++;
                }
            }
        }

        var best = Array.IndexOf(counts, counts.Max());
        // Too few words, or too few of them function words of any language: no guess.
        return words >= 20 && counts[best] * 10 >= words ? Languages[best].Tag : null;
    }

    private static string? Normalize(string? declared)
    {
        var value = declared?.Split(',')[0].Trim();
        return string.IsNullOrEmpty(value) || value.Length > 35 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? null
            : value.Replace('_', '-');
    }
}
