namespace OrleansCrawler.Core.Crawling;

/// <summary>A URL waiting in a partition's frontier, with its authority, link depth and the retries it already had.
/// <paramref name="TraceParent"/>: the span that discovered it, when tracing.</summary>
public readonly record struct FrontierEntry(string Url, string Authority, int Depth, int Attempt = 0, string? TraceParent = null);
