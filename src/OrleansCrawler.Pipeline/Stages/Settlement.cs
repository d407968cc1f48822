using OrleansCrawler.Core.Crawling;

namespace OrleansCrawler.Pipeline.Stages;

/// <summary>How one attempt at a URL ended: settled with an outcome, its bytes and kind of error, or put back for a retry
/// (<see cref="Outcome"/> null: still queued, not settled). <see cref="Durable"/>: its settle row is written already
/// (it went through the page pipeline).</summary>
public readonly record struct Settlement(CrawlOutcome? Outcome, long Bytes, string? ErrorKind, bool Durable = false)
{
    /// <summary>Put back into the frontier for another attempt.</summary>
    public static Settlement Requeued => default;
}
