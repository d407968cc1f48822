using System.Net;
using System.Net.Sockets;

namespace OrleansCrawler.TestSite.Tests;

/// <summary>Options a container needs: a bind address, a host name in the URLs, fixed ports.</summary>
public class TestWebAddressingTests
{
    private static int FreePortRange(int count)
    {
        // A free port whose next ones are free too (best effort: checked by binding each).
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var start = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            if (start + count < 65535 && Enumerable.Range(start, count).All(IsFree))
            {
                return start;
            }
        }

        throw new InvalidOperationException("no free port range");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var l = new TcpListener(IPAddress.Loopback, port);
            l.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [Fact]
    public async Task HostNameAndBasePort_AppearInSeedsLinksAndTruth_AndServe()
    {
        var basePort = FreePortRange(3);
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 60, Hosts = 3, HostName = "localhost", BasePort = basePort });

        Assert.Equal([$"http://localhost:{basePort}/", $"http://localhost:{basePort + 1}/", $"http://localhost:{basePort + 2}/"], web.Seeds);
        Assert.All(web.ComputeTruth(), u => Assert.StartsWith("http://localhost:", u));
        using var http = new HttpClient();
        var root = await http.GetStringAsync(web.Seeds[1]);
        Assert.Contains($"localhost:{basePort + 1}", root);
    }

    [Fact]
    public async Task WildcardBind_ServesEveryHostByItsPort_WhenRequestedByHostName()
    {
        // As in a container: bound to 0.0.0.0 and requested by a name (here localhost), so the connection's local
        // address is the one the client dialled, never 0.0.0.0. Each host is still told apart by its port.
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 120, Hosts = 3, BindAddress = IPAddress.Any, HostName = "localhost" });

        Assert.All(web.Seeds, s => Assert.StartsWith("http://localhost:", s));
        using var client = WebHelpers.CreateClient();
        for (var host = 0; host < web.Seeds.Count; host++)
        {
            var (status, _, body) = await WebHelpers.GetAsync(client, web.Seeds[host]);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains(web.Authorities[host] + "/", System.Text.Encoding.UTF8.GetString(body));
            var robots = await client.GetStringAsync($"http://{web.Authorities[host]}/robots.txt");
            Assert.Contains($"Sitemap: http://{web.Authorities[host]}/sitemap.xml", robots);
        }

        // The whole web, crawled through those names, is its truth set.
        var crawled = await new IndependentCrawler(client, [.. web.Authorities]).CrawlAsync(web.Seeds);
        Assert.Equal(web.ComputeTruth(), crawled);
    }

    [Fact]
    public async Task WildcardBindWithoutHostName_IsRefused()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => TestWeb.StartAsync(new TestWebOptions { Pages = 10, Hosts = 1, BindAddress = IPAddress.Any }));
        Assert.Equal("HostName", ex.ParamName);
    }
}
