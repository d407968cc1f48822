using System.Net;

namespace OrleansCrawler.TestSite.Tests;

public sealed class DistinctIpsTests
{
    [Fact]
    public async Task DistinctIps_GivesEachHostItsOwnLoopbackAddress()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 30, Hosts = 3, DistinctIps = true });
        using var client = WebHelpers.CreateClient();

        var ips = web.Authorities.Select(a => new Uri($"http://{a}/").Host).ToList();
        Assert.Equal(["127.0.0.2", "127.0.0.3", "127.0.0.4"], ips);
        foreach (string seed in web.Seeds)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(seed)).StatusCode);
        }

        var truth = web.ComputeTruth();
        Assert.Subset(truth.ToHashSet(), web.Seeds.ToHashSet());
        Assert.Equal(3, truth.Select(u => new Uri(u).Host).Distinct().Count());
    }
}
