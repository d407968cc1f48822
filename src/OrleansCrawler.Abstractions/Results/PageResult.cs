namespace OrleansCrawler.Abstractions.Results;

/// <summary>One stored result on the wire (export): the fields of <c>ocrawl run --out</c>.</summary>
[GenerateSerializer, Immutable, Alias("OrleansCrawler.PageResult")]
public sealed record PageResult(
    [property: Id(0)] string Url,
    [property: Id(1)] string FinalUrl,
    [property: Id(2)] int Status,
    [property: Id(3)] int Depth,
    [property: Id(4)] string? Title,
    [property: Id(5)] int Outlinks,
    [property: Id(6)] string? ContentType,
    [property: Id(7)] long Bytes,
    [property: Id(8)] DateTimeOffset FetchedAt,
    [property: Id(9)] string? Error,
    [property: Id(10)] string? Canonical,
    [property: Id(11)] bool NoIndex,
    [property: Id(12)] string? DuplicateOf = null,
    [property: Id(13)] int DuplicateDistance = 0);
