using System.Text;
using System.Text.RegularExpressions;

namespace OrleansCrawler.Infrastructure.Http;

/// <summary>Finds a charset declared in the first bytes of an HTML document: <c>&lt;meta charset="x"&gt;</c> or
/// <c>&lt;meta http-equiv="Content-Type" content="text/html; charset=x"&gt;</c>. A simplified form of the HTML
/// prescan (ASCII-compatible encodings only, which is what a meta declaration can be read in anyway).</summary>
internal static partial class CharsetSniffer
{
    public static string? FromMeta(ReadOnlySpan<byte> head)
    {
        var text = Encoding.Latin1.GetString(head);
        foreach (Match meta in MetaTag().Matches(text))
        {
            var charset = meta.Groups["charset"];
            if (charset.Success)
            {
                return charset.Value;
            }

            var tag = meta.Value;
            if (HttpEquiv().IsMatch(tag) && ContentCharset().Match(tag) is { Success: true } content)
            {
                return content.Groups[1].Value;
            }
        }

        return null;
    }

    [GeneratedRegex(@"<meta\b(?:[^>]*?\bcharset\s*=\s*[""']?(?<charset>[A-Za-z0-9._:\-]+))?[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaTag();

    [GeneratedRegex(@"http-equiv\s*=\s*[""']?content-type", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HttpEquiv();

    [GeneratedRegex(@"charset\s*=\s*[""']?([A-Za-z0-9._:\-]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ContentCharset();
}
