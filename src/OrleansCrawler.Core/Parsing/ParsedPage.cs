namespace OrleansCrawler.Core.Parsing;

/// <summary>What the parser takes from an HTML page.</summary>
/// <param name="Title">The document title, trimmed; null when there is none.</param>
/// <param name="Links">Outlinks to follow, resolved against the base URL (document URL or &lt;base href&gt;), normalized,
/// http(s) only, de-duplicated, in document order; links marked rel=nofollow are left out, and the list is empty when
/// the page says nofollow (meta robots or X-Robots-Tag).</param>
/// <param name="Canonical">The first &lt;link rel=canonical href&gt;, resolved and normalized; null when absent or unusable.</param>
/// <param name="NoIndex">The page asks not to be indexed (noindex or none).</param>
/// <param name="NoFollow">The page asks that its links not be followed (nofollow or none).</param>
public sealed record ParsedPage(
    string? Title,
    IReadOnlyList<string> Links,
    string? Canonical = null,
    bool NoIndex = false,
    bool NoFollow = false);
