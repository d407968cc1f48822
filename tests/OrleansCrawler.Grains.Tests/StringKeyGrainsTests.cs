using Orleans.Runtime;
using OrleansCrawler.Abstractions.Politeness;

namespace OrleansCrawler.Grains.Tests;

/// <summary><see cref="StringKeyGrains{TGrain}"/> against the grain factory of a real embedded silo: its references are
/// the ones <c>GetGrain&lt;T&gt;(key)</c> makes, and they reach the same activation.</summary>
public class StringKeyGrainsTests(CrawlerFixture fixture) : IClassFixture<CrawlerFixture>
{
    [Fact]
    public void Get_AfterTheFirst_EqualsGetGrainForEveryKey()
    {
        var gates = new StringKeyGrains<IHostGateGrain>(fixture.Crawler.Grains);
        string[] keys = ["127.0.0.1:8080", "example.com", "xn--bcher-kva.example", "b\u00fccher.example:443", "a/b c"];

        foreach (var key in keys.Concat(keys))
        {
            var expected = (GrainReference)(object)fixture.Crawler.Grains.GetGrain<IHostGateGrain>(key);
            var actual = (GrainReference)(object)gates.Get(key);
            Assert.Equal(expected.GrainId, actual.GrainId);
            Assert.Equal(expected.InterfaceType, actual.InterfaceType);
            Assert.Equal(key, actual.GrainId.Key.ToString());
        }
    }

    [Fact]
    public async Task Get_ReachesTheActivationThatGetGrainReaches()
    {
        var gates = new StringKeyGrains<IHostGateGrain>(fixture.Crawler.Grains);
        _ = gates.Get("first.example"); // the first reference takes the slow path; the ones below the fast one
        var host = $"gate-{Guid.NewGuid():N}.example:81";
        var ask = new HostTurnAsk("string-key-grains", TimeSpan.Zero, PerHost: 1, Hold: TimeSpan.FromMinutes(5));

        var first = await gates.Get(host).AcquireAsync(ask);
        Assert.NotEqual(0, first.Lease);
        // Given back through the ordinary reference: if the two were different grains, the host's one turn would still
        // be held and the next ask would come back empty after the gate's wait.
        await fixture.Crawler.Grains.GetGrain<IHostGateGrain>(host).ReleaseAsync(first.Lease, null);
        var second = await gates.Get(host).AcquireAsync(ask);

        Assert.NotEqual(0, second.Lease);
        Assert.NotEqual(first.Lease, second.Lease);
    }
}
