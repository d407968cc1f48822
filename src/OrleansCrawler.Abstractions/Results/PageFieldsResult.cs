namespace OrleansCrawler.Abstractions.Results;

/// <summary>One page's extracted fields on the wire (export of an <c>--extract</c> crawl): the <c>fields</c> object as
/// JSON, the missing required fields (comma-separated) and the page's extraction errors, or null.</summary>
[GenerateSerializer, Immutable, Alias("OrleansCrawler.PageFieldsResult")]
public sealed record PageFieldsResult(
    [property: Id(0)] string Url,
    [property: Id(1)] string Json,
    [property: Id(2)] string? Missing,
    [property: Id(3)] string? Errors);
