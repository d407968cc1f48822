namespace OrleansCrawler.Abstractions.Jobs;

/// <summary>The crawler's User-Agent: the product token and version, and, when the operator gives one (<c>--contact</c>),
/// their contact in the usual "(+URL)" comment, so a site owner can reach whoever runs the crawl. The project has
/// no public address of its own, so the default names none rather than one that is not ours.</summary>
public static class CrawlerUserAgent
{
    public const string Product = "OrleansCrawler/0.1";

    /// <summary>"OrleansCrawler/0.1" without a contact, "OrleansCrawler/0.1 (+CONTACT)" with one.</summary>
    public static string With(string? contact) =>
        string.IsNullOrWhiteSpace(contact) ? Product : $"{Product} (+{contact.Trim()})";

    /// <summary>Whether <paramref name="text"/> can go in a header: no control characters (a line break would end
    /// the header) and, for a contact, no parentheses (they would end the comment).</summary>
    public static bool IsValid(string text, bool contact) =>
        text.Length > 0 && !text.Any(char.IsControl) && (!contact || text.IndexOfAny(['(', ')']) < 0);
}
