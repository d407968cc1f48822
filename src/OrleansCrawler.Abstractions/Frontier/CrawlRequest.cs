namespace OrleansCrawler.Abstractions.Frontier;

/// <summary>A URL to crawl (normalized) and its link depth from the seeds.</summary>
[GenerateSerializer, Immutable, Alias("OrleansCrawler.CrawlRequest")]
public sealed record CrawlRequest([property: Id(0)] string Url, [property: Id(1)] int Depth);
