namespace OrleansCrawler.Core.Results;

/// <summary>The stored result of one fetched URL, keyed by (JobId, Url).</summary>
/// <param name="Url">The normalized URL that was requested.</param>
/// <param name="FinalUrl">The URL after redirects.</param>
/// <param name="Status">HTTP status, 0 when no response arrived.</param>
/// <param name="Outlinks">Links found on the page to follow (normalized, distinct; 0 on a nofollow page).</param>
/// <param name="Canonical">The page's &lt;link rel=canonical&gt;, resolved and normalized; null when absent.</param>
/// <param name="NoIndex">The page asked not to be indexed (meta robots or X-Robots-Tag noindex/none).</param>
/// <param name="DuplicateOf">With <c>--dedup</c>: the first URL seen with the same body or nearly the same main text; null: none.</param>
/// <param name="DuplicateDistance">Bits in which the SimHash fingerprints differ (0 for the same body); 0 without a duplicate.</param>
public sealed record PageRecord(
    string JobId,
    string Url,
    string FinalUrl,
    int Status,
    int Depth,
    string? Title,
    int Outlinks,
    string? ContentType,
    long Bytes,
    DateTimeOffset FetchedAt,
    string? Error,
    string? Canonical = null,
    bool NoIndex = false,
    string? DuplicateOf = null,
    int DuplicateDistance = 0);
