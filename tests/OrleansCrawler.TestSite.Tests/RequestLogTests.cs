using System.Diagnostics;
using System.Net;

namespace OrleansCrawler.TestSite.Tests;

public sealed class RequestLogTests
{
    [Fact]
    public async Task Latency_DelaysEveryResponse()
    {
        var latency = TimeSpan.FromMilliseconds(150);
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 20, Hosts = 2, Latency = latency });
        using var client = WebHelpers.CreateClient();

        foreach (string url in new[] { web.Seeds[0], web.Seeds[1] + "robots.txt", web.Seeds[0] + "nope" })
        {
            var watch = Stopwatch.StartNew();
            await client.GetAsync(url);
            Assert.True(watch.Elapsed >= latency, $"{url} answered in {watch.Elapsed}");
        }
    }

    [Fact]
    public async Task RequestLog_RecordsStatusPathAndConcurrencyPerHost()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 20, Hosts = 2, Latency = TimeSpan.FromMilliseconds(300) });
        using var client = WebHelpers.CreateClient();

        var concurrent = Enumerable.Range(0, 4).Select(_ => client.GetAsync(web.Seeds[1]));
        await Task.WhenAll(concurrent);
        await client.GetAsync(WebHelpers.Raw(web.Seeds[0] + "missing/p%31.html"));

        var entries = web.RequestLog.Snapshot();
        Assert.Equal(5, entries.Count);
        Assert.Equal(5, web.RequestLog.Count);
        var host1 = entries.Where(e => e.Authority == web.Authorities[1]).ToList();
        Assert.Equal(4, host1.Count);
        Assert.All(host1, e => Assert.Equal(("/", 200), (e.PathAndQuery, e.Status)));
        Assert.True(host1.Max(e => e.ConcurrentForHost) > 1, "four requests in flight at once should overlap");
        var miss = Assert.Single(entries, e => e.Authority == web.Authorities[0]);
        Assert.Equal(("/missing/p%31.html", 404, 1), (miss.PathAndQuery, miss.Status, miss.ConcurrentForHost));
        Assert.All(entries, e => Assert.InRange(e.Time, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task RequestLogFile_IsFlushedWhileRunning_AndLoadableAfterStop()
    {
        string path = Path.Combine(Path.GetTempPath(), $"testsite-log-{Guid.NewGuid():N}.tsv");
        try
        {
            var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 20, Hosts = 2, RequestLogPath = path });
            using var client = WebHelpers.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(web.Seeds[0] + "robots.txt")).StatusCode);

            // Flushed within about 100 ms, without stopping.
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (RequestLog.Load(path).Count == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.Single(RequestLog.Load(path));

            await client.GetAsync(web.Seeds[1]);
            await client.GetAsync(web.Seeds[1] + "nope");
            await web.StopAsync();

            var loaded = RequestLog.Load(path);
            Assert.Equal(web.RequestLog.Snapshot(), loaded);
            Assert.Equal([("/robots.txt", 200), ("/", 200), ("/nope", 404)], loaded.Select(e => (e.PathAndQuery, e.Status)));
            Assert.Equal(web.Authorities[1], loaded[2].Authority);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
