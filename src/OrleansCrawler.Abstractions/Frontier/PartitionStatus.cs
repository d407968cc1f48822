using System.Collections.Immutable;
using OrleansCrawler.Abstractions.Jobs;

namespace OrleansCrawler.Abstractions.Frontier;

/// <summary>A partition's counters and whether it is idle (nothing queued, nothing in flight).</summary>
[GenerateSerializer, Immutable, Alias("OrleansCrawler.PartitionStatus")]
public sealed record PartitionStatus(
    [property: Id(0)] bool Idle,
    [property: Id(1)] CrawlCounters Counters,
    [property: Id(2)] ImmutableDictionary<string, long> Errors);
