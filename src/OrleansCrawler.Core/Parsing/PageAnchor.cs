namespace OrleansCrawler.Core.Parsing;

/// <summary>One outlink of a page as the link graph keeps it.</summary>
/// <param name="Url">The target, resolved and normalized.</param>
/// <param name="Text">The anchor text (whitespace collapsed; an area's alt text), null when empty.</param>
/// <param name="Rel">The link's rel tokens that qualify it for search engines (nofollow, sponsored, ugc), lowercase and
/// space-separated; null when it has none.</param>
public readonly record struct PageAnchor(string Url, string? Text, string? Rel);
