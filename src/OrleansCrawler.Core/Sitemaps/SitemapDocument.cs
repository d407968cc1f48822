namespace OrleansCrawler.Core.Sitemaps;

/// <summary>One parsed sitemap file.</summary>
/// <param name="Locations">The &lt;loc&gt; values in order (pages for a urlset, sitemaps for an index), trimmed, at most
/// <see cref="SitemapParser.MaxUrls"/>.</param>
/// <param name="Truncated">The file listed more than <see cref="SitemapParser.MaxUrls"/> entries; the rest were ignored.</param>
public sealed record SitemapDocument(SitemapKind Kind, IReadOnlyList<string> Locations, bool Truncated);
