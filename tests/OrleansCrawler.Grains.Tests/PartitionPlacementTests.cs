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
    public void PartitionP_OfEveryJob_IsOnTheSameSilo_SoTheyShareTheirHostsGates()
    {
        // Host gates are shared by every job and placed with their first caller: two jobs' partitions of the same hosts
        // must share a silo, or every turn of one of them is a call to another silo (docs/scale.md).
        foreach (var silos in new[] { 2, 3, 4, 7 })
        {
            var bench = Enumerable.Range(0, 64).Select(p => PartitionPlacementDirector.SiloIndex(PartitionKey.Of("bench", p), silos));
            var warmUp = Enumerable.Range(0, 64).Select(p => PartitionPlacementDirector.SiloIndex(PartitionKey.Of("bench-warm-up", p), silos));
            Assert.Equal(Enumerable.Range(0, 64).Select(p => p % silos), bench);
            Assert.Equal(bench, warmUp);
        }
    }

    [Fact]
    public void AKeyThatIsNotAPartitionKey_IsRefused()
    {
        Assert.Throws<FormatException>(() => PartitionPlacementDirector.SiloIndex("no-slash", 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => PartitionPlacementDirector.SiloIndex("job/1", 0));
    }
}
