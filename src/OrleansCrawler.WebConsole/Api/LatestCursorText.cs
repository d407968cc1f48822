using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using OrleansCrawler.Abstractions.Results;

namespace OrleansCrawler.WebConsole.Api;

/// <summary>The <c>next</c> of a newest-first page as text: the last result's fetch time (round-trip UTC, no '|' in it),
/// a '|' and its URL.</summary>
public static class LatestCursorText
{
    public static string Of(PageResult last) =>
        last.FetchedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) + "|" + last.Url;

    public static bool TryParse(string text, [NotNullWhen(true)] out LatestCursor? cursor)
    {
        cursor = null;
        var bar = text.IndexOf('|', StringComparison.Ordinal);
        if (bar <= 0 || bar == text.Length - 1
            || !DateTimeOffset.TryParseExact(text[..bar], "O", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return false;
        }

        cursor = new LatestCursor(at, text[(bar + 1)..]);
        return true;
    }
}
