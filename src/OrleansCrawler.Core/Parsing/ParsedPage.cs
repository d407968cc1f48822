namespace OrleansCrawler.Core.Parsing;

/// <summary>What the parser takes from an HTML page.</summary>
/// <param name="Title">The document title, trimmed; null when there is none.</param>
/// <param name="Links">Outlinks, resolved against the base URL (document URL or &lt;base href&gt;), normalized,
/// http(s) only, de-duplicated, in document order.</param>
public sealed record ParsedPage(string? Title, IReadOnlyList<string> Links);
