namespace OrleansCrawler.TestSite;

/// <summary>One request the web answered.</summary>
/// <param name="Time">When the request arrived (before any added latency).</param>
/// <param name="Authority">The host it was sent to, e.g. <c>127.0.0.1:41234</c>.</param>
/// <param name="PathAndQuery">The request target exactly as sent (not decoded or normalized).</param>
/// <param name="Status">HTTP status of the response.</param>
/// <param name="ConcurrentForHost">Requests in progress on that host when it arrived, itself included.</param>
/// <param name="Duration">From arrival until the handler finished (the response was written, or the client left).</param>
public readonly record struct RequestLogEntry(
    DateTimeOffset Time,
    string Authority,
    string PathAndQuery,
    int Status,
    int ConcurrentForHost,
    TimeSpan Duration = default)
{
    /// <summary>When the response was done.</summary>
    public DateTimeOffset End => Time + Duration;
}
