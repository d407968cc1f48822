namespace OrleansCrawler.Core.Urls;

/// <summary>A compact set of 64-bit URL fingerprints: open addressing over a ulong[] (no per-entry objects),
/// at most ~16 bytes per URL including slack. Not thread-safe (a partition grain owns one).</summary>
public sealed class SeenSet
{
    public SeenSet(int initialCapacity = 1024) => throw new NotImplementedException();

    /// <summary>Adds the fingerprint; true when it was not there before.</summary>
    public bool Add(ulong fingerprint) => throw new NotImplementedException();

    public bool Contains(ulong fingerprint) => throw new NotImplementedException();

    public int Count => throw new NotImplementedException();

    /// <summary>Bytes held by the table's arrays.</summary>
    public long MemoryBytes => throw new NotImplementedException();
}
