using System.Collections.Immutable;

namespace OrleansCrawler.Abstractions.Jobs;

/// <summary>A job's state and its counters summed over its partitions at the last poll.</summary>
/// <param name="Errors">Settled URLs that ended in an error, by kind ("http-404", "timeout", "connect", ...).</param>
/// <param name="Problem">Why the job may be stalled (a store unavailable, writes retried), else null.</param>
[GenerateSerializer, Immutable, Alias("OrleansCrawler.JobStatus")]
public sealed record JobStatus(
    [property: Id(0)] string JobId,
    [property: Id(1)] JobState State,
    [property: Id(2)] CrawlCounters Counters,
    [property: Id(3)] DateTimeOffset StartedAt,
    [property: Id(4)] DateTimeOffset? FinishedAt,
    [property: Id(5)] ImmutableDictionary<string, long> Errors,
    [property: Id(6)] string? Problem = null)
{
    public bool IsOver => State is JobState.Completed or JobState.Cancelled or JobState.NotFound;
}
