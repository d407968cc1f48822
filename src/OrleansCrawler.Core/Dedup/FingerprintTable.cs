namespace OrleansCrawler.Core.Dedup;

/// <summary>One permuted table: the fingerprints turned so that its block comes first
/// (<see cref="FingerprintBlocks.Rotate"/>), kept sorted in one array of exactly their number, so a page costs 8 bytes
/// here; new ones wait in a small unsorted buffer (at most <see cref="MaxPending"/>) that is sorted and merged in when
/// full. A lookup is a binary search for the block's range plus a scan of the buffer. Not thread-safe (a grain owns
/// it).</summary>
public sealed class FingerprintTable(int block)
{
    public const int MaxPending = 1024;

    private ulong[] _sorted = [];
    private ulong[] _pending = [];
    private int _pendingCount;

    public int Block { get; } = block is >= 0 and < FingerprintBlocks.Count ? block : throw new ArgumentOutOfRangeException(nameof(block));

    public int Count => _sorted.Length + _pendingCount;

    public void Add(ulong fingerprint)
    {
        if (_pendingCount == _pending.Length)
        {
            if (_pending.Length < MaxPending)
            {
                Array.Resize(ref _pending, Math.Max(16, _pending.Length * 2));
            }
            else
            {
                Merge();
            }
        }

        _pending[_pendingCount++] = FingerprintBlocks.Rotate(fingerprint, Block);
    }

    /// <summary>Adds to <paramref name="into"/> every stored fingerprint within <see cref="FingerprintBlocks.MaxDistance"/>
    /// bits of <paramref name="fingerprint"/> whose first shared block is this table's (the other tables report the
    /// rest), with its distance.</summary>
    public void FindNear(ulong fingerprint, List<(ulong Fingerprint, int Distance)> into)
    {
        var key = FingerprintBlocks.Rotate(fingerprint, Block);
        var low = key & 0xFFFF_0000_0000_0000UL;
        var high = low | 0x0000_FFFF_FFFF_FFFFUL;
        var i = LowerBound(_sorted, low);
        for (; i < _sorted.Length && _sorted[i] <= high; i++)
        {
            Consider(fingerprint, _sorted[i], into);
        }

        for (var p = 0; p < _pendingCount; p++)
        {
            if (_pending[p] >= low && _pending[p] <= high)
            {
                Consider(fingerprint, _pending[p], into);
            }
        }
    }

    private void Consider(ulong fingerprint, ulong rotated, List<(ulong, int)> into)
    {
        var candidate = FingerprintBlocks.Unrotate(rotated, Block);
        var distance = SimHash.Distance(fingerprint, candidate);
        if (distance <= FingerprintBlocks.MaxDistance && FingerprintBlocks.FirstShared(fingerprint, candidate) == Block)
        {
            into.Add((candidate, distance));
        }
    }

    private void Merge()
    {
        Array.Sort(_pending, 0, _pendingCount);
        var merged = new ulong[_sorted.Length + _pendingCount];
        int a = 0, b = 0, o = 0;
        while (a < _sorted.Length && b < _pendingCount)
        {
            merged[o++] = _sorted[a] <= _pending[b] ? _sorted[a++] : _pending[b++];
        }

        Array.Copy(_sorted, a, merged, o, _sorted.Length - a);
        o += _sorted.Length - a;
        Array.Copy(_pending, b, merged, o, _pendingCount - b);
        _sorted = merged;
        _pendingCount = 0;
    }

    private static int LowerBound(ulong[] sorted, ulong value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
