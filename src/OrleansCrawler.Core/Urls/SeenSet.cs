namespace OrleansCrawler.Core.Urls;

/// <summary>A compact set of 64-bit URL fingerprints: open addressing over a ulong[] (no per-entry objects),
/// at most ~16 bytes per URL including slack. Not thread-safe (a partition grain owns one).</summary>
/// <remarks>
/// Hand-written because nothing in the BCL or on NuGet gives a compact set of ulongs: HashSet&lt;ulong&gt; keeps
/// an int bucket array plus 16-byte entries (hash code, next index, value) and grows by doubling, so it costs
/// about 20–40 bytes per element; at tens of millions of URLs per silo that is the difference that matters.
///
/// Layout: one ulong[] with linear probing. 0 marks an empty slot, so the fingerprint 0 is kept in a bool on the
/// side. The home slot is Lemire's multiply-shift range reduction, ((UInt128)fp * capacity) >> 64, which needs no
/// power-of-two capacity (see Home for the one extra multiply). The table grows by 1.5x when
/// it reaches a load of 0.85, so right after growing the load is 0.85 / 1.5 ≈ 0.57. Memory per element is
/// therefore between 8 / 0.85 ≈ 9.4 and 8 / 0.57 ≈ 14.1 bytes (excluding the transient old array during a
/// rehash), under the 16-byte bound; with linear probing at that load a lookup touches one or two cache lines.
/// </remarks>
public sealed class SeenSet
{
    private const double MaxLoad = 0.85;
    private const int MinCapacity = 16;

    private ulong[] _slots;
    private int _used; // occupied slots (excludes the zero fingerprint)
    private int _growAt;
    private bool _hasZero;

    /// <param name="initialCapacity">Number of fingerprints the set holds before it first grows.</param>
    public SeenSet(int initialCapacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacity);
        _slots = new ulong[Math.Max(MinCapacity, (int)Math.Min(Array.MaxLength, (initialCapacity / MaxLoad) + 1))];
        _growAt = GrowThreshold(_slots.Length);
    }

    /// <summary>Adds the fingerprint; true when it was not there before.</summary>
    public bool Add(ulong fingerprint)
    {
        if (fingerprint == 0)
        {
            if (_hasZero)
            {
                return false;
            }

            _hasZero = true;
            return true;
        }

        var slots = _slots;
        var i = Home(fingerprint, slots.Length);
        while (true)
        {
            var current = slots[i];
            if (current == fingerprint)
            {
                return false;
            }

            if (current == 0)
            {
                break;
            }

            if (++i == slots.Length)
            {
                i = 0;
            }
        }

        slots[i] = fingerprint;
        if (++_used >= _growAt)
        {
            Grow();
        }

        return true;
    }

    public bool Contains(ulong fingerprint)
    {
        if (fingerprint == 0)
        {
            return _hasZero;
        }

        var slots = _slots;
        var i = Home(fingerprint, slots.Length);
        while (true)
        {
            var current = slots[i];
            if (current == fingerprint)
            {
                return true;
            }

            if (current == 0)
            {
                return false;
            }

            if (++i == slots.Length)
            {
                i = 0;
            }
        }
    }

    public int Count => _used + (_hasZero ? 1 : 0);

    /// <summary>Bytes held by the table's arrays.</summary>
    public long MemoryBytes => (long)_slots.Length * sizeof(ulong);

    /// <summary>Lemire's range reduction: the high 64 bits of h * capacity, i.e. ((UInt128)h * capacity) >> 64.
    /// h is the fingerprint times the 64-bit golden ratio (Fibonacci hashing, a bijection): real fingerprints are
    /// already mixed, but without it small or sequential values would all share home slot 0 and probing would go
    /// quadratic. One multiply buys that robustness.</summary>
    private static int Home(ulong fingerprint, int capacity) =>
        (int)Math.BigMul(fingerprint * 0x9E3779B97F4A7C15UL, (ulong)capacity, out _);

    private static int GrowThreshold(int capacity) => Math.Min(capacity - 1, (int)(capacity * MaxLoad));

    private void Grow()
    {
        var old = _slots;
        var newCapacity = (int)Math.Min(Array.MaxLength, old.Length + (old.Length / 2L));
        if (newCapacity <= old.Length)
        {
            throw new InvalidOperationException("SeenSet is full.");
        }

        var slots = new ulong[newCapacity];
        foreach (var fp in old)
        {
            if (fp == 0)
            {
                continue;
            }

            var i = Home(fp, newCapacity);
            while (slots[i] != 0)
            {
                if (++i == newCapacity)
                {
                    i = 0;
                }
            }

            slots[i] = fp;
        }

        _slots = slots;
        _growAt = GrowThreshold(newCapacity);
    }
}
