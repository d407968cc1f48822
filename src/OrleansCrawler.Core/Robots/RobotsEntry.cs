namespace OrleansCrawler.Core.Robots;

/// <summary>The robots.txt answer of one authority as cached: its rules, what the fetch came to, when it is fetched
/// again, and the Crawl-delay in force (already capped by <see cref="RobotsOptions.MaxCrawlDelay"/>).</summary>
/// <param name="Status">HTTP status of the robots.txt fetch, 0 when no response arrived.</param>
/// <param name="CrawlDelay">The group's Crawl-delay, at most <see cref="RobotsOptions.MaxCrawlDelay"/>; null when none.</param>
public sealed record RobotsEntry(
    RobotsRules Rules,
    RobotsOutcome Outcome,
    int Status,
    DateTimeOffset FetchedAt,
    DateTimeOffset ExpiresAt,
    TimeSpan? CrawlDelay)
{
    public IReadOnlyList<string> Sitemaps => Rules.Sitemaps;

    public bool IsAllowed(string pathAndQuery) => Rules.IsAllowed(pathAndQuery);
}
