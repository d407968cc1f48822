namespace OrleansCrawler.TestSite.Tests;

public class HostFaultTests
{
    [Theory]
    [InlineData("3=retry-after-seconds", 3, FaultMode.RetryAfterSeconds)]
    [InlineData("0=GzipBomb", 0, FaultMode.GzipBomb)]
    [InlineData(" 12 = robots-timeout ", 12, FaultMode.RobotsTimeout)]
    public void TryParse_HostAndMode(string text, int host, FaultMode mode)
    {
        Assert.True(HostFault.TryParse(text, out var parsedHost, out var fault));
        Assert.Equal((host, mode), (parsedHost, fault.Mode));
    }

    [Theory]
    [InlineData("3")]
    [InlineData("=gzip-bomb")]
    [InlineData("3=none")]
    [InlineData("3=meltdown")]
    [InlineData("-1=gzip-bomb")]
    public void TryParse_Malformed_IsFalse(string text) => Assert.False(HostFault.TryParse(text, out _, out _));

    [Fact]
    public async Task ComputeTruth_DeadHost_LeavesItsPagesOut_AndSetFaultRestoresThem()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 200, Hosts = 4, Seed = 3 });
        var healthy = web.ComputeTruth();

        web.SetFault(2, new HostFault(FaultMode.ServerErrorForever));
        var faulty = web.ComputeTruth();
        web.SetFault(2, null);

        Assert.DoesNotContain(faulty, u => u.Contains(web.Authorities[2], StringComparison.Ordinal));
        Assert.True(faulty.Count < healthy.Count);
        Assert.Equal(healthy, web.ComputeTruth());
    }

    [Fact]
    public async Task ComputeTruth_RobotsNotFound_AddsThePrivatePages()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions
        {
            Pages = 400,
            Hosts = 2,
            Seed = 3,
            Faults = new Dictionary<int, HostFault> { [0] = new(FaultMode.RobotsNotFound) },
        });

        Assert.Contains(web.ComputeTruth(), u => u.Contains("/private/p", StringComparison.Ordinal) && u.Contains(web.Authorities[0], StringComparison.Ordinal));
        Assert.DoesNotContain(web.ComputeTruth(), u => u.Contains("/private/p", StringComparison.Ordinal) && u.Contains(web.Authorities[1], StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_FaultOnAMissingHost_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TestWebOptions { Hosts = 2, Faults = new Dictionary<int, HostFault> { [2] = new(FaultMode.GzipBomb) } }.Validate());
}
