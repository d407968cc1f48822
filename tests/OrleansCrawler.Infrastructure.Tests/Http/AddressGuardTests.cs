using OrleansCrawler.Core.Safety;
using OrleansCrawler.Infrastructure.Http;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Infrastructure.Tests.Http;

/// <summary>Issue 18: the address guard with host names rather than IP literals (a scripted resolver in front of the
/// real test web on 127.0.0.1), for pages (<see cref="HttpPageFetcher"/>: DNS rebinding) and for files downloaded before
/// a job starts (<see cref="GuardedDownloader"/>: sitemaps).</summary>
public sealed class AddressGuardTests : IAsyncLifetime
{
    // A public address (TEST-NET-3, never routed): what a rebinding name answers first.
    private const string Public = "203.0.113.7";
    private const string Loopback = "127.0.0.1";

    private static readonly FetcherOptions Options = new() { Timeout = TimeSpan.FromSeconds(10), ConnectTimeout = TimeSpan.FromSeconds(2) };

    private TestWeb _web = null!;

    public async Task InitializeAsync() => _web = await TestWeb.StartAsync(new TestWebOptions { Pages = 60, Hosts = 3, Seed = 18 });

    public async Task DisposeAsync() => await _web.DisposeAsync();

    private int Port(int host) => new Uri(_web.Seeds[host]).Port;

    private static AddressPolicy Guard(bool allowPrivate = false) => new(allowPrivate, ["seed.example"]);

    [Fact]
    public async Task Fetch_NameAnsweringPublicThenPrivate_IsRefusedAtConnect_AndNothingReachesTheServer()
    {
        var resolver = new ScriptedResolver(new Dictionary<string, string[]> { ["rebind.example"] = [Public, Loopback] });
        using var fetcher = new HttpPageFetcher(Options, TimeProvider.System, resolver);
        var before = _web.RequestLog.Count;

        var result = await fetcher.FetchAsync(new Uri($"http://rebind.example:{Port(0)}/"), Guard());

        // The check before the request saw the public address; the connect resolved again and got loopback.
        Assert.True(resolver.LookupsOf("rebind.example") >= 2, $"{resolver.LookupsOf("rebind.example")} lookups");
        Assert.Equal(0, result.Status);
        Assert.StartsWith("private-address", result.Error);
        Assert.Equal(before, _web.RequestLog.Count);
    }

    [Fact]
    public async Task Fetch_NameAnsweringPrivate_WithAllowPrivate_ReachesTheServer()
    {
        // The control: a name resolved through the same path does reach the web when the policy allows its address.
        var resolver = new ScriptedResolver(new Dictionary<string, string[]> { ["rebind.example"] = [Loopback] });
        using var fetcher = new HttpPageFetcher(Options, TimeProvider.System, resolver);

        var result = await fetcher.FetchAsync(new Uri($"http://rebind.example:{Port(0)}/"), Guard(allowPrivate: true));

        Assert.Equal(200, result.Status);
        Assert.Null(result.Error);
    }

    [Fact]
    public async Task Download_PublicLookingNameOfAPrivateAddress_IsRefused_UnlessAllowPrivate()
    {
        var resolver = new ScriptedResolver(new Dictionary<string, string[]> { ["sitemaps.example"] = [Loopback] });
        var url = new Uri($"http://sitemaps.example:{Port(0)}/sitemap.xml");
        var warnings = new List<string>();
        var before = _web.RequestLog.Count;

        using (var guarded = new GuardedDownloader(Options, resolver, Guard(), warnings.Add))
        {
            Assert.Null(await guarded.DownloadAsync(url, 1 << 20));
        }

        Assert.Equal(before, _web.RequestLog.Count);
        Assert.Contains(warnings, w => w.Contains("private-address", StringComparison.Ordinal) && w.Contains("sitemaps.example", StringComparison.Ordinal));

        using var allowed = new GuardedDownloader(Options, resolver, Guard(allowPrivate: true), warnings.Add);
        var body = await allowed.DownloadAsync(url, 1 << 20);
        Assert.NotNull(body);
        Assert.Contains("<urlset", System.Text.Encoding.UTF8.GetString(body));
    }

    [Fact]
    public async Task Download_NameAnsweringPublicThenPrivate_IsRefusedAtConnect()
    {
        var resolver = new ScriptedResolver(new Dictionary<string, string[]> { ["rebind.example"] = [Public, Loopback] });
        var warnings = new List<string>();
        using var guarded = new GuardedDownloader(Options, resolver, Guard(), warnings.Add);
        var before = _web.RequestLog.Count;

        Assert.Null(await guarded.DownloadAsync(new Uri($"http://rebind.example:{Port(0)}/sitemap.xml"), 1 << 20));

        Assert.Equal(before, _web.RequestLog.Count);
        Assert.Contains(warnings, w => w.Contains("private-address", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Download_CrossHostRedirect_IsNotFollowed_SameHostRedirectIs()
    {
        var warnings = new List<string>();
        using var downloader = new GuardedDownloader(Options, new ScriptedResolver(new Dictionary<string, string[]>()), AddressPolicy.AllowAll, warnings.Add);
        _web.SetFault(1, new HostFault(FaultMode.CrossHostRedirect));
        var page = new Uri(_web.AffectedPageUrls(1)[0]);

        Assert.Null(await downloader.DownloadAsync(page, 1 << 20));
        Assert.Contains(warnings, w => w.Contains("not followed", StringComparison.Ordinal));
        Assert.DoesNotContain(_web.RequestLog.Snapshot(), e => e.Authority == _web.Authorities[2]);

        _web.SetFault(1, new HostFault(FaultMode.RobotsRedirect));
        var robots = await downloader.DownloadAsync(new Uri(_web.Seeds[1] + "robots.txt"), 1 << 20);
        Assert.NotNull(robots);
        Assert.Contains("Disallow: /private/", System.Text.Encoding.UTF8.GetString(robots));
    }
}
