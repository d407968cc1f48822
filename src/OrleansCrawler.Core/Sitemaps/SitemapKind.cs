namespace OrleansCrawler.Core.Sitemaps;

public enum SitemapKind
{
    /// <summary>&lt;urlset&gt;: page URLs.</summary>
    UrlSet,

    /// <summary>&lt;sitemapindex&gt;: URLs of further sitemaps.</summary>
    Index,
}
