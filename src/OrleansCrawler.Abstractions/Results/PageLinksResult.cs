using System.Collections.Immutable;

namespace OrleansCrawler.Abstractions.Results;

/// <summary>One page's outlinks on the wire (export of the link graph).</summary>
[GenerateSerializer, Immutable, Alias("OrleansCrawler.PageLinksResult")]
public sealed record PageLinksResult([property: Id(0)] string Url, [property: Id(1)] ImmutableArray<LinkResult> Links);

/// <summary>One outlink: its target, anchor text, qualifying rel tokens and whether the job's scope covers it.</summary>
[GenerateSerializer, Immutable, Alias("OrleansCrawler.LinkResult")]
public sealed record LinkResult([property: Id(0)] string To, [property: Id(1)] string? Anchor, [property: Id(2)] string? Rel, [property: Id(3)] bool InScope);
