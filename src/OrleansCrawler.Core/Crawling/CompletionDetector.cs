namespace OrleansCrawler.Core.Crawling;

/// <summary>Decides when a crawl is over from periodic polls ("waves") of its partitions.
/// <para>A partition is idle when nothing is queued and nothing is in flight, where in flight lasts until the
/// page's outlinks have been accepted by their partitions. New work only ever comes from a busy partition, and
/// every new piece of work raises the accepted count of the partition it lands on. So if two consecutive waves
/// find every partition idle and no partition's accepted count changed between them, no work was created or
/// hidden in between: the crawl is done. A single all-idle wave is not enough (a partition read as idle early
/// in the wave can receive links from one read later), which is why the count comparison is needed.</para>
/// </summary>
public sealed class CompletionDetector
{
    private long[]? _previousAccepted;
    private bool _previousAllIdle;

    /// <summary>Feeds one wave (one entry per partition, always in the same order); true when the crawl is done.</summary>
    public bool Observe(IReadOnlyList<(bool Idle, long Accepted)> wave)
    {
        var allIdle = true;
        var same = _previousAccepted is not null && _previousAccepted.Length == wave.Count;
        var accepted = new long[wave.Count];
        for (var i = 0; i < wave.Count; i++)
        {
            allIdle &= wave[i].Idle;
            accepted[i] = wave[i].Accepted;
            same = same && _previousAccepted![i] == accepted[i];
        }

        var done = allIdle && _previousAllIdle && same;
        _previousAccepted = accepted;
        _previousAllIdle = allIdle;
        return done;
    }
}
