namespace OrleansCrawler.TestSite;

/// <summary>One request the web answered.</summary>
/// <param name="Time">When the request arrived (before any added latency).</param>
/// <param name="Authority">The host it was sent to, e.g. <c>127.0.0.1:41234</c>.</param>
/// <param name="PathAndQuery">The request target exactly as sent (not decoded or normalized).</param>
/// <param name="Status">HTTP status of the response.</param>
/// <param name="ConcurrentForHost">Requests in progress on that host when it arrived, itself included.</param>
public readonly record struct RequestLogEntry(
    DateTimeOffset Time,
    string Authority,
    string PathAndQuery,
    int Status,
    int ConcurrentForHost);
