using System.Numerics;
using System.Runtime.CompilerServices;
using Xunit.Abstractions;
using OrleansCrawler.Core.Dedup;

namespace OrleansCrawler.Core.Tests.Dedup;

/// <summary>The permuted tables against brute force: random fingerprints with planted variants (0 to 6 bits flipped),
/// each looked up before it is added; what the index finds must be exactly what comparing with every earlier one finds.
/// And the memory a page costs in the tables, measured.</summary>
[Collection(MemoryMeasurements.Name)]
public sealed class NearDuplicateIndexTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void FindNear_FindsEveryEarlierFingerprintWithinThreeBits_AndNoneBeyond(int seed)
    {
        var random = new Random(seed);
        var index = new NearDuplicateIndex();
        var earlier = new List<ulong>();
        var pairs = 0;
        for (var n = 0; n < 4000; n++)
        {
            // Half are fresh, half are variants of an earlier one with 0-6 bits flipped: near and not-quite-near pairs.
            var fingerprint = earlier.Count == 0 || random.Next(2) == 0 ? (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63) : Flip(earlier[random.Next(earlier.Count)], random.Next(7), random);
            var expected = earlier.Select((f, i) => (f, d: BitOperations.PopCount(f ^ fingerprint))).Where(p => p.d <= 3)
                .Select(p => (p.f, p.d)).OrderBy(p => p.f).ThenBy(p => p.d).ToList();
            var found = index.FindNear(fingerprint).OrderBy(p => p.Fingerprint).ThenBy(p => p.Distance).Select(p => (p.Fingerprint, p.Distance)).ToList();
            Assert.Equal(expected, found);
            pairs += expected.Count;
            index.Add(fingerprint);
            earlier.Add(fingerprint);
        }

        output.WriteLine($"seed {seed}: {pairs} pairs within 3 bits among 4000 fingerprints, all found, none beyond");
        Assert.True(pairs > 500, $"the test planted too few near pairs ({pairs}) to mean anything");
    }

    /// <summary>What the index holds, measured as the heap with it minus the heap once it is gone, both taken right after
    /// it is built (not "heap after building minus heap before": in between, the runtime may trim the shared array pools
    /// that earlier tests of this process filled, which once made the difference 5 bytes a page).</summary>
    [Fact]
    public void Memory_IsAtMost40BytesPerPage()
    {
        const int pages = 400_000;
        var random = new Random(11);
        var fingerprints = new ulong[pages];
        for (var i = 0; i < pages; i++)
        {
            fingerprints[i] = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
        }

        var (count, with) = BuildAndMeasure(fingerprints);
        var without = Settled();
        Assert.Equal(pages, count);
        var perPage = (with - without) / (double)pages;
        output.WriteLine($"{pages:N0} fingerprints: {with - without:N0} bytes, {perPage:F1} bytes per page");
        Assert.InRange(perPage, 24, 40);
    }

    /// <summary>Builds the index and measures the heap while it lives; once this returns, nothing refers to it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (int Count, long With) BuildAndMeasure(ulong[] fingerprints)
    {
        var index = new NearDuplicateIndex();
        foreach (var f in fingerprints)
        {
            index.Add(f);
        }

        var with = Settled();
        GC.KeepAlive(index);
        return (index.Count, with);
    }

    /// <summary>The heap after full collections with finalizers (and the pools' trimming they trigger) run.</summary>
    private static long Settled()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static ulong Flip(ulong fingerprint, int bits, Random random)
    {
        var positions = new HashSet<int>();
        while (positions.Count < bits)
        {
            positions.Add(random.Next(64));
        }

        foreach (var p in positions)
        {
            fingerprint ^= 1UL << p;
        }

        return fingerprint;
    }
}
