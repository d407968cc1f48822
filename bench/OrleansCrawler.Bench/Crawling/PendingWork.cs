namespace OrleansCrawler.Bench.Crawling;

/// <summary>Counts admitted URLs not yet finished. A URL's links are added before the URL itself is finished, so
/// the count reaches zero exactly once: when the crawl is done.</summary>
public sealed class PendingWork(int initial)
{
    private long _pending = initial;

    public bool IsDone => Interlocked.Read(ref _pending) == 0;

    public void Add(int count) => Interlocked.Add(ref _pending, count);

    /// <summary>Finishes one URL; true for the call that finished the crawl.</summary>
    public bool Finish() => Interlocked.Decrement(ref _pending) == 0;
}
