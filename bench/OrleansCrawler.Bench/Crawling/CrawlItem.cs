namespace OrleansCrawler.Bench.Crawling;

/// <summary>A normalized URL admitted to a crawl, and the link depth it was found at (seeds are 0).</summary>
public readonly record struct CrawlItem(string Url, int Depth);
