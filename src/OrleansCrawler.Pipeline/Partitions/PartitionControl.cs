namespace OrleansCrawler.Pipeline.Partitions;

/// <summary>What a partition was told to do, read by its workers and stages: stopped (cancel: queued URLs dropped, no
/// new fetch), paused (no new fetch, the frontier kept), leaving (its activation ends). Single-threaded, like the
/// partition.</summary>
public sealed class PartitionControl
{
    public bool Stopped { get; set; }

    public bool Paused { get; set; }

    public bool Leaving { get; set; }
}
