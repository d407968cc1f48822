namespace OrleansCrawler.Abstractions.Dedup;

/// <summary>Which grain holds a fingerprint's entry in a block's table: key <c>block/range/job</c>, where the block's top
/// <see cref="RangeBits"/> bits pick one of 16 ranges, so a job's index is 4 × 16 grains spread over the silos.</summary>
public static class DuplicateIndexKey
{
    public const int RangeBits = 4;

    public static string Of(string jobId, int block, int blockValue) => $"{block}/{blockValue >> (16 - RangeBits)}/{jobId}";

    /// <summary>The block of a key made by <see cref="Of"/> (a single digit: there are 4).</summary>
    public static int BlockOf(string key) => key[0] - '0';
}
