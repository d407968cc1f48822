namespace OrleansCrawler.Core.Ports;

/// <summary>The outcome of one fetch.</summary>
/// <param name="Status">HTTP status, or 0 when no response arrived.</param>
/// <param name="FinalUrl">The URL after redirects.</param>
/// <param name="Body">The decoded body of a 2xx text response (text/html, text/plain, XML); null otherwise.</param>
/// <param name="Error">Why no usable response arrived ("timeout: ...", "connect: ...", "too-large: ..."), else null.</param>
/// <param name="RobotsTag">The response's X-Robots-Tag header values joined by ", "; null when absent.</param>
/// <param name="RedirectTo">For a 3xx to another authority (not followed): the absolute target URL.</param>
/// <param name="RetryAfter">The raw Retry-After header of the response, if any.</param>
public sealed record FetchResult(
    int Status,
    Uri FinalUrl,
    string? ContentType,
    long Bytes,
    string? Body,
    string? Error,
    DateTimeOffset FetchedAt,
    string? RobotsTag = null,
    string? RedirectTo = null,
    string? RetryAfter = null)
{
    public bool IsHtml => Body is not null && ContentType is not null
        && ContentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase);
}
