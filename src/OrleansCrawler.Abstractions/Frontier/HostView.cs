namespace OrleansCrawler.Abstractions.Frontier;

/// <summary>One host of a job's frontier as the web console shows it (<c>GET /api/jobs/{id}/hosts</c>).</summary>
/// <param name="Queued">URLs waiting, retries not yet due included.</param>
/// <param name="Workers">Fetches of the host under way or waiting for its turn.</param>
/// <param name="Delay">Delay between two requests in force (the configured, adaptive or Crawl-delay one).</param>
/// <param name="State">active, parked or given-up.</param>
/// <param name="NotBefore">No request before this (a Retry-After, a backoff or the end of a parking), when in the future.</param>
/// <param name="Robots">robots.txt outcome: parsed, unavailable (4xx: all allowed) or unreachable (all disallowed) with its
/// status; null before it was fetched.</param>
/// <param name="SavedAt">When the partition saved this host's state as it left memory (the hosts view read it from the
/// store); null when the partition in memory answered.</param>
[GenerateSerializer, Immutable, Alias("OrleansCrawler.HostView")]
public sealed record HostView(
    [property: Id(0)] string Authority,
    [property: Id(1)] int Partition,
    [property: Id(2)] int Queued,
    [property: Id(3)] int Workers,
    [property: Id(4)] TimeSpan Delay,
    [property: Id(5)] string State,
    [property: Id(6)] DateTimeOffset? NotBefore,
    [property: Id(7)] int Parks,
    [property: Id(8)] string? GivenUpReason,
    [property: Id(9)] string? Robots,
    [property: Id(10)] TimeSpan? CrawlDelay,
    [property: Id(11)] DateTimeOffset? SavedAt = null);
