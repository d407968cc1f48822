namespace OrleansCrawler.Abstractions.Results;

/// <summary>Where a newest-first read of a job's results stopped: the last result's fetch time and URL
/// (<see cref="IResultsGrain.LatestAsync"/> continues after it).</summary>
[GenerateSerializer, Immutable, Alias("OrleansCrawler.LatestCursor")]
public sealed record LatestCursor([property: Id(0)] DateTimeOffset FetchedAt, [property: Id(1)] string Url);
