namespace OrleansCrawler.Core.Urls;

/// <summary>A silo's memory of links it has already handed to their partitions, so that the same link found on page
/// after page (navigation, footers) is not sent again: the partition would only find it in its seen-set. Lossy and
/// bounded: one 64-bit fingerprint per slot, the slot chosen by the fingerprint, a newer link overwriting an older one
/// in the same slot. Forgetting costs a resend, which the partition's seen-set drops; it never loses a link, because
/// a link is remembered only after its partition has accepted it durably (<see cref="Remember"/> is called then), and
/// a partition never forgets what it accepted. Safe for concurrent use without locks: a slot is one aligned 64-bit
/// word, read and written whole.</summary>
public sealed class RoutedLinkFilter
{
    private readonly ulong[] _slots;
    private readonly int _mask;

    /// <param name="slotsLog2">log2 of the number of slots; 17 gives 131,072 slots, 1 MiB.</param>
    public RoutedLinkFilter(int slotsLog2 = 17)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slotsLog2, 4);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slotsLog2, 28);
        _slots = new ulong[1 << slotsLog2];
        _mask = _slots.Length - 1;
    }

    public int Slots => _slots.Length;

    public long Bytes => _slots.LongLength * sizeof(ulong);

    /// <summary>True when the link's fingerprint is remembered: its partition has already accepted it (or found it
    /// seen), so sending it again would change nothing.</summary>
    public bool WasRouted(ulong fingerprint) => fingerprint != 0 && Volatile.Read(ref _slots[Slot(fingerprint)]) == fingerprint;

    /// <summary>Remembers a link its partition has durably accepted or already knew.</summary>
    public void Remember(ulong fingerprint)
    {
        if (fingerprint != 0)
        {
            Volatile.Write(ref _slots[Slot(fingerprint)], fingerprint);
        }
    }

    // The fingerprint's high bits pick the slot: the low bits already pick the seen-set's slots, and mixing in the
    // high half keeps neighbouring fingerprints apart here too.
    private int Slot(ulong fingerprint) => (int)((fingerprint >> 32) ^ fingerprint) & _mask;
}
