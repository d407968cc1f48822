namespace OrleansCrawler.Bench.Tests;

public class BenchModesTests
{
    [Fact]
    public void ParseModes_KnownNames_InGivenOrder() =>
        Assert.Equal([BenchMode.AsyncSingle, BenchMode.Orleans], BenchModes.ParseModes("async-single, ORLEANS"));

    [Fact]
    public void ParseModes_UnknownName_ThrowsNamingIt() =>
        Assert.Contains("'coroutines'", Assert.Throws<ArgumentException>(() => BenchModes.ParseModes("threads,coroutines")).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("1,x")]
    [InlineData("17")]
    [InlineData("0,1")]
    public void ParseSilos_BadCount_Throws(string list) => Assert.Throws<ArgumentException>(() => BenchModes.ParseSilos(list));

    [Fact]
    public void ParseSilos_CountsOrZeroForNone()
    {
        Assert.Equal([1, 2, 3], BenchModes.ParseSilos("1, 2,3"));
        Assert.Empty(BenchModes.ParseSilos("0"));
    }

    [Fact]
    public void ParseWorkloads_NumberOrUnknown_Throws()
    {
        Assert.Equal([Workload.Io, Workload.Prime], BenchModes.ParseWorkloads("io,prime"));
        Assert.Throws<ArgumentException>(() => BenchModes.ParseWorkloads("1"));
        Assert.Throws<ArgumentException>(() => BenchModes.ParseWorkloads("disk"));
    }

    [Fact]
    public void Applies_CrawlOnlyAndPrimeOnlyModes()
    {
        Assert.False(BenchModes.Applies(BenchMode.Orleans, Workload.Prime));
        Assert.False(BenchModes.Applies(BenchMode.Parallel, Workload.Io));
        Assert.True(BenchModes.Applies(BenchMode.Processes, Workload.Prime));
    }
}
