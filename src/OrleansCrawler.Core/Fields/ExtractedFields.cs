namespace OrleansCrawler.Core.Fields;

/// <summary>What the rules took from one page.</summary>
/// <param name="Json">The <c>fields</c> object as JSON: every field of the matching rule set, a string (or null when
/// absent), a list of strings (<c>all</c>) or a number (<c>count</c>).</param>
/// <param name="Missing">Required fields that were absent, in rule order.</param>
/// <param name="Errors">Fields whose extraction threw on this page (<c>name: message</c>); their value is null.</param>
public sealed record ExtractedFields(string Json, IReadOnlyList<string> Missing, IReadOnlyList<string> Errors);
