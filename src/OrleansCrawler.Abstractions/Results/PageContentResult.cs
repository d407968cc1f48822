namespace OrleansCrawler.Abstractions.Results;

/// <summary>One page's main content on the wire (export of a <c>--content</c> crawl): its format ("text", "markdown",
/// "html"), body, language (or null) and word count.</summary>
[GenerateSerializer, Immutable, Alias("OrleansCrawler.PageContentResult")]
public sealed record PageContentResult(
    [property: Id(0)] string Url,
    [property: Id(1)] string Format,
    [property: Id(2)] string Body,
    [property: Id(3)] string? Language,
    [property: Id(4)] int Words);
