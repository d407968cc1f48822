namespace OrleansCrawler.Pipeline.Pages;

/// <summary>A URL's page as the page pipeline takes it: fetched (any status), failed, or stopped before its fetch
/// with a reason to store (then <see cref="Status"/> is 0 and <see cref="Error"/> the reason).</summary>
/// <param name="Url">The normalized URL that was requested.</param>
/// <param name="FinalUrl">The URL after redirects (the requested one when nothing was fetched).</param>
/// <param name="Html">The decoded body of an HTML response with status 200; null otherwise.</param>
/// <param name="Error">Why the fetch failed or the URL was not fetched, else null.</param>
/// <param name="RobotsTag">The X-Robots-Tag header of the response, else null.</param>
/// <param name="RedirectTo">A redirect to another authority, not followed by the fetcher: routed to the partition that
/// owns its host, at the depth of this URL.</param>
public sealed record FetchedPage(
    string JobId,
    string Url,
    string FinalUrl,
    int Depth,
    int Status,
    string? ContentType,
    long Bytes,
    DateTimeOffset FetchedAt,
    string? Error,
    string? Html,
    string? RobotsTag = null,
    string? RedirectTo = null);
