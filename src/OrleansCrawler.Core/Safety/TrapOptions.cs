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

    public static TrapOptions Default { get; } = new(DefaultMaxUrlLength, HostPageBudget: 0, MaxPathSegments: 32, MaxSegmentRepeats: 3, MaxQueryVariants: 100);
}
