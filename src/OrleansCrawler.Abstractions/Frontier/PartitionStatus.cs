using System.Collections.Immutable;
using OrleansCrawler.Abstractions.Jobs;

namespace OrleansCrawler.Abstractions.Frontier;

/// <summary>A partition's counters and whether it is idle (nothing queued, nothing in flight). <paramref name="Problem"/>:
/// why it may be stalled (a store's writes failing and being retried), else null.</summary>
[GenerateSerializer, Immutable, Alias("OrleansCrawler.PartitionStatus")]
public sealed record PartitionStatus(
    [property: Id(0)] bool Idle,
    [property: Id(1)] CrawlCounters Counters,
    [property: Id(2)] ImmutableDictionary<string, long> Errors,
    [property: Id(3)] string? Problem = null);
