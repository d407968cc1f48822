namespace OrleansCrawler.Core.Crawling;

/// <summary>What <see cref="PartitionFrontier.Take"/> found for a worker.</summary>
public enum TakeKind
{
    /// <summary>A URL to crawl now.</summary>
    Ready,
    /// <summary>Only retries that are not due yet: wait until the returned time and ask again.</summary>
    Wait,
    /// <summary>Nothing left: the worker has ended (its slot is released).</summary>
    Ended,
}
