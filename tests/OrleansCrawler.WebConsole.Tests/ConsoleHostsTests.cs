using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using OrleansCrawler.Abstractions.Frontier;
using OrleansCrawler.TestSite;
using OrleansCrawler.WebConsole.Api;

namespace OrleansCrawler.WebConsole.Tests;

/// <summary>The hosts view of an ended job: the partitions still in memory are asked, and every other one answers from the
/// summary it saved as it deactivated (marked with the time it saved it); asking never activates a partition. A class of
/// its own: it collects the silo's idle activations, which must not touch another test's crawl.</summary>
public class ConsoleHostsTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    private Task<List<int>> InMemoryAsync(string job) => JobsApi.PartitionsInMemoryAsync(fixture.Crawler.Grains, job);

    private static async Task<(List<HostView> Hosts, string Asked, DateTimeOffset AsOf, int Stored)> HostsAsync(ConsoleClient client, string job)
    {
        using var response = await client.Http.GetAsync($"/api/jobs/{job}/hosts");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var hosts = await response.Content.ReadFromJsonAsync<List<HostView>>(ConsoleClient.Json);
        return (hosts!, response.Headers.GetValues(JobsApi.PartitionsAskedHeader).Single(),
            DateTimeOffset.Parse(response.Headers.GetValues(JobsApi.HostsAsOfHeader).Single(), CultureInfo.InvariantCulture),
            int.Parse(response.Headers.GetValues(JobsApi.PartitionsStoredHeader).Single(), CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Hosts_OfAnEndedJob_ComeFromPartitionsInMemory_ThenFromTheirSavedSummaries_AndAskingActivatesNone()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 120, Hosts = 3, Seed = 61 });
        using var client = fixture.Client();
        client.UseToken(fixture.OperatorToken);
        Assert.Equal(HttpStatusCode.Created, (await client.SubmitAsync(new SubmitRequest(string.Join('\n', web.Seeds), "hosts-ended", DelayMs: 0,
            Partitions: 16))).StatusCode);
        Assert.Equal("completed", (await client.WaitForAsync("hosts-ended", j => j.State != "running", Limit)).State);
        var authorities = web.Seeds.Select(s => new Uri(s).Authority).ToHashSet(StringComparer.Ordinal);

        // Just ended: the partitions that crawled are still in memory and show their hosts' last state, live.
        var before = DateTimeOffset.UtcNow;
        var inMemory = await InMemoryAsync("hosts-ended");
        var (hosts, asked, asOf, storedBefore) = await HostsAsync(client, "hosts-ended");
        Assert.Equal($"{inMemory.Count}/16", asked);
        Assert.Equal(16 - inMemory.Count, storedBefore);
        Assert.InRange(asOf, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(inMemory, await InMemoryAsync("hosts-ended"));
        Assert.NotEmpty(inMemory);
        Assert.Equal(authorities.Order(StringComparer.Ordinal), hosts.Select(h => h.Authority).Order(StringComparer.Ordinal));
        Assert.All(hosts, h => Assert.Equal(0, h.Queued));
        Assert.All(hosts, h => Assert.Null(h.SavedAt));
        Assert.All(hosts, h => Assert.NotNull(h.Robots));

        // Once the silo collects them (idle), nothing is in memory: each partition saved its hosts as it left, and the
        // answer is those summaries, as of their saving: the same hosts in the same state, from 0 of 16 asked and all 16
        // stored (the partitions without a host saved an empty summary); asking activates none.
        var collecting = DateTimeOffset.UtcNow;
        await fixture.Crawler.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        for (var i = 0; i < 100 && (await InMemoryAsync("hosts-ended")).Count > 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.Empty(await InMemoryAsync("hosts-ended"));
        var (saved, askedNone, _, stored) = await HostsAsync(client, "hosts-ended");
        Assert.Equal("0/16", askedNone);
        Assert.Equal(16, stored);
        Assert.Equal(hosts.OrderBy(h => h.Authority, StringComparer.Ordinal),
            saved.Select(h => h with { SavedAt = null }).OrderBy(h => h.Authority, StringComparer.Ordinal));
        Assert.All(saved, h => Assert.InRange(h.SavedAt!.Value, collecting.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1)));
        Assert.Empty(await InMemoryAsync("hosts-ended"));
    }
}
