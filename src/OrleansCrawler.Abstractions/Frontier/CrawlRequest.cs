namespace OrleansCrawler.Abstractions.Frontier;

/// <summary>A URL to crawl (normalized) and its link depth from the seeds. <paramref name="TraceParent"/>: the W3C
/// traceparent of the span that discovered it (when tracing), so the URL's own trace can link back to it.</summary>
[GenerateSerializer, Immutable, Alias("OrleansCrawler.CrawlRequest")]
public sealed record CrawlRequest([property: Id(0)] string Url, [property: Id(1)] int Depth, [property: Id(2)] string? TraceParent = null);
