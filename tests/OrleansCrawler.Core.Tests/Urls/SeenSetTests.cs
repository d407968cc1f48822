using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Core.Tests.Urls;

public class SeenSetTests
{
    [Fact]
    public void Add_NewFingerprint_ReturnsTrueThenFalse()
    {
        var set = new SeenSet();

        Assert.True(set.Add(42));
        Assert.False(set.Add(42));
        Assert.Equal(1, set.Count);
    }

    [Fact]
    public void Contains_AfterAdd_ReturnsTrueOnlyForAdded()
    {
        var set = new SeenSet();
        set.Add(7);

        Assert.True(set.Contains(7));
        Assert.False(set.Contains(8));
    }

    [Fact]
    public void Add_ZeroFingerprint_IsStoredLikeAnyOther()
    {
        var set = new SeenSet();

        Assert.False(set.Contains(0));
        Assert.True(set.Add(0));
        Assert.False(set.Add(0));
        Assert.True(set.Contains(0));
        Assert.Equal(1, set.Count);
    }

    [Fact]
    public void Add_ExtremeFingerprints_AreStored()
    {
        var set = new SeenSet(0);

        Assert.True(set.Add(ulong.MaxValue));
        Assert.True(set.Add(ulong.MaxValue - 1));
        Assert.True(set.Add(1));

        Assert.True(set.Contains(ulong.MaxValue));
        Assert.True(set.Contains(ulong.MaxValue - 1));
        Assert.True(set.Contains(1));
        Assert.Equal(3, set.Count);
    }

    [Fact]
    public void Constructor_NegativeCapacity_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeenSet(-1));
    }

    [Fact]
    public void Add_BeyondInitialCapacity_GrowsAndKeepsEverything()
    {
        var set = new SeenSet(initialCapacity: 4);
        var values = Enumerable.Range(1, 10_000).Select(i => (ulong)i * 0x9E3779B97F4A7C15UL).ToArray();

        foreach (var v in values)
        {
            Assert.True(set.Add(v));
        }

        Assert.Equal(values.Length, set.Count);
        Assert.All(values, v => Assert.True(set.Contains(v)));
    }

    [Fact]
    public void Add_SequentialFingerprints_KeepsEverything()
    {
        // Small consecutive values would all share home slot 0 without the extra mixing step.
        var set = new SeenSet(initialCapacity: 16);
        for (ulong v = 1; v <= 5_000; v++)
        {
            Assert.True(set.Add(v));
        }

        for (ulong v = 1; v <= 5_000; v++)
        {
            Assert.True(set.Contains(v));
        }

        Assert.False(set.Contains(5_001));
    }

    [Fact]
    public void AddAndContains_RandomValues_AgreeWithHashSet()
    {
        var random = new Random(12345);
        var set = new SeenSet();
        var reference = new HashSet<ulong>();

        for (var i = 0; i < 200_000; i++)
        {
            // Draw from a limited range part of the time so that duplicates occur.
            var v = i % 3 == 0 ? (ulong)random.Next(50_000) : (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
            Assert.Equal(reference.Add(v), set.Add(v));
        }

        Assert.Equal(reference.Count, set.Count);
        for (var i = 0; i < 50_000; i++)
        {
            var probe = (ulong)random.NextInt64();
            Assert.Equal(reference.Contains(probe), set.Contains(probe));
        }

        foreach (var v in reference)
        {
            Assert.True(set.Contains(v));
        }
    }

    [Fact]
    public void MemoryBytes_MillionRandomFingerprints_AtMost16BytesPerElement()
    {
        var random = new Random(42);
        var set = new SeenSet();
        Span<byte> buffer = stackalloc byte[8];

        for (var i = 0; i < 1_000_000; i++)
        {
            random.NextBytes(buffer);
            set.Add(BitConverter.ToUInt64(buffer));
        }

        Assert.InRange(set.Count, 999_000, 1_000_000);
        Assert.True(set.MemoryBytes / (double)set.Count <= 16, $"{set.MemoryBytes / (double)set.Count:F2} bytes per element");
    }
}
