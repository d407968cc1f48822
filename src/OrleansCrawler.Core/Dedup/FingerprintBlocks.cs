namespace OrleansCrawler.Core.Dedup;

/// <summary>The permuted-table layout of Manku, Jain and Das Sarma (WWW 2007) for k = 3: the 64 bits cut into
/// <see cref="Count"/> = k + 1 blocks of 16, block 0 the top one. Two fingerprints within k bits agree exactly on at
/// least one block (k differing bits touch at most k blocks), so a table per block, keyed by that block, finds every
/// such pair; and a pair is reported only by the table of the first block it shares (<see cref="FirstShared"/>), so
/// exactly one table decides it, which is what makes "first seen" well defined when the tables live in different
/// grains.</summary>
public static class FingerprintBlocks
{
    public const int Count = 4;

    public const int Bits = 16;

    /// <summary>Near duplicates differ in at most this many bits.</summary>
    public const int MaxDistance = Count - 1;

    /// <summary>Block <paramref name="block"/> (0 = the top 16 bits) of <paramref name="fingerprint"/>.</summary>
    public static int Of(ulong fingerprint, int block) => (int)((fingerprint >> ((Count - 1 - block) * Bits)) & 0xFFFF);

    /// <summary>The fingerprint turned so that block <paramref name="block"/> comes first (the table's sort key).</summary>
    public static ulong Rotate(ulong fingerprint, int block) => ulong.RotateLeft(fingerprint, block * Bits);

    public static ulong Unrotate(ulong rotated, int block) => ulong.RotateRight(rotated, block * Bits);

    /// <summary>The first block on which the two agree, or -1 when they share none (then they differ in more than
    /// <see cref="MaxDistance"/> bits).</summary>
    public static int FirstShared(ulong a, ulong b)
    {
        for (var block = 0; block < Count; block++)
        {
            if (Of(a, block) == Of(b, block))
            {
                return block;
            }
        }

        return -1;
    }
}
