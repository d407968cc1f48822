using OrleansCrawler.Cli.Cluster;

namespace OrleansCrawler.Cli.Tests;

/// <summary>The cluster address of the job commands (<c>--cluster</c>, <c>OCRAWL_CLUSTER</c>), with Redis' password in
/// it or not (issue 18: a closed cluster).</summary>
public class ClusterAddressTests
{
    [Theory]
    [InlineData("redis://127.0.0.1:6379", "127.0.0.1:6379", null)]
    [InlineData("localhost:6390", "localhost:6390", null)]
    [InlineData("redis://redis:6379/", "redis:6379", null)]
    [InlineData("redis://:s3cret@localhost:6379", "localhost:6379", "s3cret")]
    [InlineData("REDIS://:a%40b%2Fc@10.0.0.5:7000", "10.0.0.5:7000", "a@b/c")]
    [InlineData("redis://:@localhost:6379", "localhost:6379", null)]
    public void ParseCluster_SplitsTheAddressFromThePassword(string value, string address, string? password)
    {
        var parsed = ClusterConnection.ParseCluster(value);
        Assert.Equal(address, parsed.Address);
        Assert.Equal(password, parsed.Password);
    }

    [Theory]
    [InlineData("redis://admin:hunter2@localhost:6379")]
    [InlineData("redis://:hunter2@localhost:6379/0")]
    public void ParseCluster_BadAddressWithAPassword_SaysSoWithoutPrintingIt(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => ClusterConnection.ParseCluster(value));
        Assert.Contains("is not a cluster address", error.Message);
        Assert.Contains("redis://***@localhost:6379", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public async Task Jobs_ClusterAddressWithAUser_ExitsTwoWithoutPrintingThePassword()
    {
        using var dir = new TempDirectory();
        using var jobs = await OcrawlProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(1), "jobs", "--cluster", "redis://admin:hunter2@127.0.0.1:1");
        Assert.Equal(2, jobs.ExitCode);
        Assert.Equal("error: 'redis://***@127.0.0.1:1' is not a cluster address; expected redis://:PASSWORD@HOST:PORT (Redis users are not supported).",
            jobs.Stderr.Trim());
        Assert.DoesNotContain("hunter2", jobs.Stdout + jobs.Stderr);
    }
}
