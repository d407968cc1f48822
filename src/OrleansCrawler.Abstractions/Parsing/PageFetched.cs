namespace OrleansCrawler.Abstractions.Parsing;

/// <summary>A fetched page handed from the partition that fetched it to a parser on the same silo
/// (immutable, so the local call does not copy the body).</summary>
/// <param name="Html">The decoded body for HTML responses with status 200; null otherwise.</param>
/// <param name="Error">Why the fetch failed or the URL was not fetched, else null.</param>
/// <param name="RobotsTag">The X-Robots-Tag header of the response, else null.</param>
/// <param name="RedirectTo">A redirect to another authority, not followed by the fetcher: the parser routes
/// it to the partition that owns its host (same depth as this URL).</param>
[GenerateSerializer, Immutable, Alias("OrleansCrawler.PageFetched")]
public sealed record PageFetched(
    [property: Id(0)] string JobId,
    [property: Id(1)] string Url,
    [property: Id(2)] string FinalUrl,
    [property: Id(3)] int Depth,
    [property: Id(4)] int Status,
    [property: Id(5)] string? ContentType,
    [property: Id(6)] long Bytes,
    [property: Id(7)] DateTimeOffset FetchedAt,
    [property: Id(8)] string? Error,
    [property: Id(9)] string? Html,
    [property: Id(10)] string? RobotsTag = null,
    [property: Id(11)] string? RedirectTo = null);
