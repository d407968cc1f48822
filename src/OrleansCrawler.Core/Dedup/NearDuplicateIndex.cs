namespace OrleansCrawler.Core.Dedup;

/// <summary>The whole permuted-table index in one process: a <see cref="FingerprintTable"/> per block. The cluster cuts
/// the same tables into grains (one per job, block and range of the block's value); this one is what the tests hold
/// against brute force and what the memory per page is measured on (about 4 × 8 bytes).</summary>
public sealed class NearDuplicateIndex
{
    private readonly FingerprintTable[] _tables = [.. Enumerable.Range(0, FingerprintBlocks.Count).Select(b => new FingerprintTable(b))];

    public int Count => _tables[0].Count;

    public void Add(ulong fingerprint)
    {
        foreach (var table in _tables)
        {
            table.Add(fingerprint);
        }
    }

    /// <summary>Every stored fingerprint within <see cref="FingerprintBlocks.MaxDistance"/> bits, each once.</summary>
    public List<(ulong Fingerprint, int Distance)> FindNear(ulong fingerprint)
    {
        var found = new List<(ulong, int)>();
        foreach (var table in _tables)
        {
            table.FindNear(fingerprint, found);
        }

        return found;
    }
}
