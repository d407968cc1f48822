using OrleansCrawler.Abstractions.Frontier;
using OrleansCrawler.Grains.Frontier;

namespace OrleansCrawler.Grains.Tests;

public sealed class PartitionPlacementTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    public void AJobsPartitions_AreDealtRoundTheSilos_EachGettingTheFloorOrTheCeilingOfItsShare(int silos)
    {
        foreach (var job in new[] { "bench", "crawl-2026", "a" })
        {
            var counts = Enumerable.Range(0, 64).GroupBy(p => PartitionPlacementDirector.SiloIndex(PartitionKey.Of(job, p), silos))
                .ToDictionary(g => g.Key, g => g.Count());

            Assert.Equal(Enumerable.Range(0, silos), counts.Keys.Order());
            Assert.All(counts.Values, c => Assert.InRange(c, 64 / silos, (64 + silos - 1) / silos));
        }
    }

    [Fact]
    public void NeighbouringPartitions_GoToNeighbouringSilos_FromTheJobsOffset()
    {
        var first = PartitionPlacementDirector.SiloIndex(PartitionKey.Of("bench", 0), 4);

        Assert.Equal(Enumerable.Range(0, 8).Select(p => (first + p) % 4), Enumerable.Range(0, 8).Select(p => PartitionPlacementDirector.SiloIndex(PartitionKey.Of("bench", p), 4)));
    }

    [Fact]
    public void Offset_IsFnv1a_StableAcrossProcesses()
    {
        // FNV-1a 32-bit of "a" and of "foobar" (the published test vectors; one code unit per ASCII byte).
        Assert.Equal(0xe40c292cu, PartitionPlacementDirector.Offset("a"));
        Assert.Equal(0xbf9cf968u, PartitionPlacementDirector.Offset("foobar"));
        Assert.Equal(2166136261u, PartitionPlacementDirector.Offset(""));
    }

    [Fact]
    public void AKeyThatIsNotAPartitionKey_IsRefused()
    {
        Assert.Throws<FormatException>(() => PartitionPlacementDirector.SiloIndex("no-slash", 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => PartitionPlacementDirector.SiloIndex("job/1", 0));
    }
}
