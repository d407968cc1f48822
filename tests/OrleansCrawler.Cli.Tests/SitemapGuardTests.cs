using System.Net;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Cli.Commands;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Cli.Tests;

/// <summary>Issue 18, "guarded sitemaps": <c>--sitemaps</c> reads sitemaps through the crawl's address guard. The test
/// web is named <c>public.example</c> (a public-looking name; a resolver table points it at 127.0.0.1) and seeded by its
/// IP literal, so the sitemap its robots.txt lists is on a host that is not a seed and resolves to loopback. (A redirect
/// to another host is not followed: <c>AddressGuardTests</c> in the infrastructure tests.)</summary>
public sealed class SitemapGuardTests
{
    private sealed class Table(string name, IPAddress address) : IHostResolver
    {
        public ValueTask<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IReadOnlyList<IPAddress>>(IPAddress.TryParse(host, out var literal) ? [literal]
                : string.Equals(host, name, StringComparison.OrdinalIgnoreCase) ? [address] : []);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Discover_SitemapOnANameOfAPrivateAddress_IsRefusedUnlessAllowPrivate(bool allowPrivate)
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 50, Hosts = 1, Seed = 5, HostName = "public.example" });
        var port = new Uri(web.Seeds[0]).Port;
        var spec = new JobSpec([$"http://127.0.0.1:{port}/"], 0, -1, ScopeKind.Any, [], [], 4, 2, 4, JobSpec.DefaultUserAgent)
        {
            AllowPrivate = allowPrivate,
            Sitemaps = true,
        };
        var warnings = new List<string>();

        var found = await SitemapSeeds.DiscoverAsync(spec, new Table("public.example", IPAddress.Loopback), warnings.Add, CancellationToken.None);

        // robots.txt (on the seed) lists http://public.example:PORT/sitemap.xml; the seed's own /sitemap.xml is always read.
        var sitemapReads = web.RequestLog.Snapshot().Count(e => e.PathAndQuery == "/sitemap.xml");
        Assert.NotEmpty(found);
        Assert.All(found, u => Assert.StartsWith($"http://public.example:{port}/", u));
        if (allowPrivate)
        {
            Assert.Equal(2, sitemapReads);
            Assert.DoesNotContain(warnings, w => w.Contains("private-address", StringComparison.Ordinal));
        }
        else
        {
            Assert.Equal(1, sitemapReads);
            Assert.Contains(warnings, w => w.StartsWith($"http://public.example:{port}/sitemap.xml: private-address", StringComparison.Ordinal));
        }
    }
}
