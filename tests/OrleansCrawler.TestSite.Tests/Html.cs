using System.Text.RegularExpressions;

namespace OrleansCrawler.TestSite.Tests;

/// <summary>Deliberately simple HTML and URL handling, written apart from the TestSite's own code.</summary>
internal static partial class Html
{
    public static IReadOnlyList<string> Hrefs(string html) =>
        [.. AnchorHref().Matches(html).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)];

    public static string? BaseHref(string html)
    {
        var match = BaseTag().Match(html);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>Every href of the page resolved against its base (or its own URL).</summary>
    public static IEnumerable<Uri> ResolvedLinks(Uri page, string html)
    {
        var baseUri = BaseHref(html) is { } baseHref ? new Uri(page, baseHref) : page;
        foreach (string href in Hrefs(html))
        {
            if (Uri.TryCreate(baseUri, href, out var target))
            {
                yield return target;
            }
        }
    }

    public static string Title(string html) => TitleTag().Match(html).Groups[1].Value;

    /// <summary>The crawler's normalized form: lower-case scheme and host, explicit port,
    /// unreserved characters decoded, no fragment, no query.</summary>
    public static string Normalize(Uri uri) =>
        $"{uri.Scheme.ToLowerInvariant()}://{uri.Host.ToLowerInvariant()}:{uri.Port}{DecodeUnreserved(uri.AbsolutePath)}";

    public static string DecodeUnreserved(string path) =>
        PercentTriplet().Replace(path, m =>
        {
            char c = (char)Convert.ToInt32(m.Groups[1].Value, 16);
            return char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' ? c.ToString() : m.Value.ToUpperInvariant();
        });

    [GeneratedRegex("""<a\s[^>]*?href\s*=\s*(?:"([^"]*)"|'([^']*)')""", RegexOptions.IgnoreCase)]
    private static partial Regex AnchorHref();

    [GeneratedRegex("""<base\s[^>]*?href\s*=\s*"([^"]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex BaseTag();

    [GeneratedRegex("<title>([^<]*)</title>")]
    private static partial Regex TitleTag();

    [GeneratedRegex("%([0-9A-Fa-f]{2})")]
    private static partial Regex PercentTriplet();
}
