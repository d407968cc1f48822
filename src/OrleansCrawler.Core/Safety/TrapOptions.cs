namespace OrleansCrawler.Core.Safety;

/// <summary>Limits against spider traps.</summary>
/// <param name="MaxUrlLength">Longest URL fetched (characters of the normalized URL).</param>
/// <param name="HostPageBudget">Most URLs fetched per authority (0 = no limit).</param>
/// <param name="MaxPathSegments">Most path segments.</param>
/// <param name="MaxSegmentRepeats">Most times one path segment may occur in a path (<c>/a/b/a/b/a/b</c> has "a" 3 times).</param>
/// <param name="MaxQueryVariants">Most URLs per authority that differ only in the numbers of their query
/// (<c>/calendar?month=1</c>, <c>?month=2</c>, ...).</param>
public sealed record TrapOptions(int MaxUrlLength, int HostPageBudget, int MaxPathSegments, int MaxSegmentRepeats, int MaxQueryVariants)
{
    public const int DefaultMaxUrlLength = 2048;

    /// <summary>See <see cref="MaxPathVariants"/>. 1,000: a blog's dated archive of ten years by day is ~3,650 URLs but is
    /// reached through far fewer shapes (/YYYY/, /YYYY/MM/, /YYYY/MM/DD/slug share a shape only when the slug is
    /// digits), a shop's /product/123 pages share one shape and are the usual reason to raise it; an endless
    /// calendar (/cal/YYYY/MM/) is stopped after 1,000 months instead of never.</summary>
    public const int DefaultMaxPathVariants = 1000;

    public static TrapOptions Default { get; } = new(DefaultMaxUrlLength, HostPageBudget: 0, MaxPathSegments: 32, MaxSegmentRepeats: 3, MaxQueryVariants: 100);

    /// <summary>Most URLs per authority whose paths (and queries) are the same once every run of digits is replaced by
    /// '#' (<c>/cal/2026/01/</c>, <c>/cal/2026/02/</c>, ... <c>/cal/9999/12/</c>): path-built traps of dates or numbers.</summary>
    public int MaxPathVariants { get; init; } = DefaultMaxPathVariants;
}
