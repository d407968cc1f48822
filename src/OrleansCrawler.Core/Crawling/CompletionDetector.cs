namespace OrleansCrawler.Core.Crawling;

/// <summary>Decides when a crawl is over from periodic polls ("waves") of its partitions.
/// <para>A partition is idle when nothing is queued and nothing is in flight, where in flight lasts until the
/// page's outlinks have been accepted by their partitions. New work only ever comes from a busy partition, and
/// every new piece of work raises the accepted count of the partition it lands on. So if two consecutive waves
/// find every partition idle and no partition's accepted count changed between them, no work was created or
/// hidden in between: the crawl is done. A single all-idle wave is not enough (a partition read as idle early
/// in the wave can receive links from one read later), which is why the count comparison is needed.</para>
/// <para>Nothing in that argument depends on the time between waves, so a confirming wave may follow an all-idle one
/// at once (<see cref="LastWaveAllIdle"/>), and a partition that goes idle may say so (<see cref="Hint"/>) so that the
/// job runs a wave then rather than at its next timer tick. Hints only choose when to look; the waves decide.</para>
/// </summary>
public sealed class CompletionDetector
{
    private long[]? _previousAccepted;
    // What the job believes of each partition: the last wave, updated by hints. Never used to decide (the waves
    // decide, from their own counts): a hint that touched the waves' counts could hide work done in between.
    private bool[]? _viewIdle;
    private long[]? _viewAccepted;
    private bool _previousAllIdle;

    /// <summary>True when the last wave found every partition idle (a confirming wave is worth running at once).</summary>
    public bool LastWaveAllIdle => _previousAllIdle;

    /// <summary>Feeds one wave (one entry per partition, always in the same order); true when the crawl is done.</summary>
    public bool Observe(IReadOnlyList<(bool Idle, long Accepted)> wave)
    {
        var allIdle = true;
        var same = _previousAccepted is not null && _previousAccepted.Length == wave.Count;
        var accepted = new long[wave.Count];
        var idle = new bool[wave.Count];
        for (var i = 0; i < wave.Count; i++)
        {
            allIdle &= wave[i].Idle;
            idle[i] = wave[i].Idle;
            accepted[i] = wave[i].Accepted;
            same = same && _previousAccepted![i] == accepted[i];
        }

        var done = allIdle && _previousAllIdle && same;
        _previousAccepted = accepted;
        _viewIdle = idle;
        _viewAccepted = (long[])accepted.Clone();
        _previousAllIdle = allIdle;
        return done;
    }

    /// <summary>Partition <paramref name="partition"/> says it went idle with <paramref name="accepted"/> URLs accepted.
    /// True when a wave is worth running now: every other partition looked idle in the last wave (or said so since),
    /// and this news is newer than that wave. A hint never makes the crawl done by itself.</summary>
    public bool Hint(int partition, long accepted)
    {
        if (_viewIdle is null || _viewAccepted is null || (uint)partition >= (uint)_viewIdle.Length)
        {
            // No wave yet (or another shape): let the caller look.
            return true;
        }

        if (_viewIdle[partition] && _viewAccepted[partition] >= accepted)
        {
            // The last wave already saw this partition idle at this count or later: stale news.
            return false;
        }

        _viewIdle[partition] = true;
        _viewAccepted[partition] = accepted;
        return Array.TrueForAll(_viewIdle, i => i);
    }
}
