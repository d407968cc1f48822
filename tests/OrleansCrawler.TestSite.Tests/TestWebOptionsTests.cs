using System.Net;

namespace OrleansCrawler.TestSite.Tests;

public sealed class TestWebOptionsTests
{
    [Theory]
    [InlineData(0, 1, false, "Pages")]
    [InlineData(3, 4, false, "Pages")]
    [InlineData(10, 0, false, "Hosts")]
    [InlineData(1000, 254, true, "Hosts")]
    public async Task StartAsync_RejectsInvalidOptions_NamingTheMember(int pages, int hosts, bool distinctIps, string member)
    {
        var options = new TestWebOptions { Pages = pages, Hosts = hosts, DistinctIps = distinctIps };

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => TestWeb.StartAsync(options));

        Assert.Equal(member, error.ParamName);
    }

    [Fact]
    public async Task Head_AnswersHeadersOnly_AndOtherMethodsAreNotAllowed()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 10, Hosts = 1 });
        using var client = WebHelpers.CreateClient();

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, web.Seeds[0]));
        using var post = await client.PostAsync(web.Seeds[0], new StringContent("x"));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.InRange(head.Content.Headers.ContentLength ?? 0, 15 * 1024, 40 * 1024);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal([200, 405], web.RequestLog.Snapshot().Select(e => e.Status));
    }

    [Fact]
    public async Task StopAsync_IsIdempotent_AndTheWebStopsAnswering()
    {
        var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 10, Hosts = 1 });
        using var client = WebHelpers.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(web.Seeds[0])).StatusCode);

        await web.StopAsync();
        await web.StopAsync();
        await web.DisposeAsync();

        using var fresh = WebHelpers.CreateClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => fresh.GetAsync(web.Seeds[0]));
    }
}
