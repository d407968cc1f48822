namespace OrleansCrawler.Bench.Tests;

public class BenchOptionsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Validate_PerHostBelowOne_ThrowsNamingIt(int perHost)
    {
        var error = Assert.Throws<ArgumentException>(() => (BenchOptions.Full with { PerHost = perHost }).Validate());
        Assert.Contains($"--per-host must be at least 1, not {perHost}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(1)]
    [InlineData(16)]
    public void Validate_PerHostUnsetOrPositive_Passes(int? perHost) => (BenchOptions.Full with { PerHost = perHost }).Validate();
}
