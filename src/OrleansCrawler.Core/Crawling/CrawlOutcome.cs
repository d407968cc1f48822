namespace OrleansCrawler.Core.Crawling;

/// <summary>How an accepted URL was settled.</summary>
public enum CrawlOutcome
{
    /// <summary>An HTTP response arrived (any status) and was stored.</summary>
    Fetched,
    /// <summary>No usable response (connection, timeout, too large, retries exhausted, host given up...); the failure was stored.</summary>
    Failed,
    /// <summary>robots.txt disallows it; not fetched.</summary>
    RobotsDenied,
    /// <summary>Not fetched: the job's page budget was spent or the job was stopped.</summary>
    Skipped,
    /// <summary>Not fetched: refused as a spider trap, over a limit, or at a private address; the reason was stored.</summary>
    Refused,
}
