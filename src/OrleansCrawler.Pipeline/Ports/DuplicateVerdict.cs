namespace OrleansCrawler.Pipeline.Ports;

/// <summary>What the duplicate index said of a page: the first URL seen with the same or nearly the same main text
/// (null: the page is new) and how many of the 64 fingerprint bits differ (0 for an identical body).</summary>
public sealed record DuplicateVerdict(string? DuplicateOf, int Distance)
{
    public static readonly DuplicateVerdict New = new(null, 0);

    public bool IsDuplicate => DuplicateOf is not null;
}
