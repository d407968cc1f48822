using System.Collections.Immutable;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Safety;
using OrleansCrawler.Core.Scope;
using OrleansCrawler.Core.Sitemaps;
using OrleansCrawler.Core.Urls;
using OrleansCrawler.Infrastructure.Http;

namespace OrleansCrawler.Cli.Commands;

/// <summary><c>--sitemaps</c>: before the job starts, reads the seeds' sitemaps (robots.txt Sitemap: lines and
/// /sitemap.xml, indexes followed) and returns the in-scope URLs they list, to be crawled at depth 1. Downloads go
/// through the crawl's address guard (<see cref="GuardedDownloader"/>): a sitemap on a host that is not a seed and
/// resolves to a loopback, private or link-local address is refused unless <c>--allow-private</c>, and a redirect to
/// another host is not followed, as for pages.</summary>
public static class SitemapSeeds
{
    public static async Task<ImmutableArray<string>> DiscoverAsync(JobSpec spec, CancellationToken cancellationToken) =>
        await DiscoverAsync(spec, new CachingHostResolver(TimeSpan.FromMinutes(5), TimeProvider.System),
            warning => Console.Error.WriteLine($"warning: {warning}"), cancellationToken);

    /// <param name="resolver">Names to addresses (a test's table; the CLI's own is a caching DNS resolver).</param>
    public static async Task<ImmutableArray<string>> DiscoverAsync(JobSpec spec, IHostResolver resolver, Action<string> warn, CancellationToken cancellationToken)
    {
        var options = new FetcherOptions { UserAgent = spec.UserAgent, Timeout = TimeSpan.FromSeconds(60) };
        var policy = new AddressPolicy(spec.AllowPrivate, spec.Seeds.Select(HostPartitioner.AuthorityOf));
        using var downloader = new GuardedDownloader(options, resolver, policy, warn);
        var scope = new CrawlScope(spec.Scope switch
        {
            ScopeKind.Domain => ScopeMode.Domain,
            ScopeKind.Any => ScopeMode.Any,
            _ => ScopeMode.Host,
        }, spec.Seeds, spec.Include, spec.Exclude);

        // At most 50 MB a file: the protocol's limit, so a larger one is unreadable anyway.
        var seeder = new SitemapSeeder((url, token) => downloader.DownloadAsync(url, SitemapParser.MaxUncompressedBytes, token), spec.UserAgent, warn);
        var found = await seeder.DiscoverAsync(spec.Seeds, scope.IsInScope, cancellationToken);
        return [.. found];
    }
}
