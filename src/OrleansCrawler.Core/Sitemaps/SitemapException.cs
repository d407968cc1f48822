namespace OrleansCrawler.Core.Sitemaps;

/// <summary>A sitemap that cannot be read: malformed XML, an unknown root element, bad gzip, or too large.</summary>
public sealed class SitemapException(string message, Exception? inner = null) : Exception(message, inner);
