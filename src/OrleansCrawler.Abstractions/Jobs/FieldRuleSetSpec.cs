using System.Collections.Immutable;

namespace OrleansCrawler.Abstractions.Jobs;

/// <summary>One rule set of <c>--extract</c> on the wire: pages whose final URL matches <see cref="Url"/> (a glob, or a
/// regular expression when <see cref="UrlIsRegex"/>) get its fields. Parsed and checked by the CLI (docs/fields.md).</summary>
[GenerateSerializer, Immutable, Alias("OrleansCrawler.FieldRuleSetSpec")]
public sealed record FieldRuleSetSpec(
    [property: Id(0)] string Url,
    [property: Id(1)] bool UrlIsRegex,
    [property: Id(2)] ImmutableArray<FieldRuleSpec> Fields);

/// <summary>One field on the wire: a CSS selector and what to take ("text", "attr", "html" or "count").</summary>
[GenerateSerializer, Immutable, Alias("OrleansCrawler.FieldRuleSpec")]
public sealed record FieldRuleSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] string Selector,
    [property: Id(2)] string Take,
    [property: Id(3)] string? Attribute,
    [property: Id(4)] bool All,
    [property: Id(5)] bool Trim,
    [property: Id(6)] string? Pattern,
    [property: Id(7)] bool Required);
