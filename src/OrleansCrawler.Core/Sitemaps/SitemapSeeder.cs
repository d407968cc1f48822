using OrleansCrawler.Core.Robots;
using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Core.Sitemaps;

/// <summary>Finds extra seeds in the sitemaps of the seeds' authorities: every <c>Sitemap:</c> line of robots.txt and
/// <c>/sitemap.xml</c>, following sitemap indexes up to <see cref="MaxIndexDepth"/> levels. Page URLs are normalized,
/// de-duplicated and kept only when the crawl's scope admits them. A sitemap that cannot be fetched or read is reported
/// through the warning callback and skipped; discovery itself never fails.</summary>
/// <param name="download">Fetches a URL's body (gzip bodies as they are); null when there is no 2xx answer.</param>
public sealed class SitemapSeeder(Func<Uri, CancellationToken, Task<byte[]?>> download, string userAgent, Action<string>? warn = null)
{
    /// <summary>Index levels followed: 2 reads index → index → urlset, deeper indexes are ignored.</summary>
    public int MaxIndexDepth { get; init; } = 2;

    /// <summary>Sitemap files read in all, a guard against sprawling index trees.</summary>
    public int MaxSitemaps { get; init; } = 1000;

    /// <summary>URLs returned in all.</summary>
    public int MaxUrls { get; init; } = 1_000_000;

    public async Task<IReadOnlyList<string>> DiscoverAsync(IEnumerable<string> seeds, Func<string, bool> inScope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(inScope);
        var queue = new Queue<(Uri Url, int Level)>();
        var queued = new HashSet<string>(StringComparer.Ordinal);
        foreach (var authority in seeds.Select(s => new Uri(s).GetLeftPart(UriPartial.Authority)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var robots = await download(new Uri(authority + "/robots.txt"), cancellationToken).ConfigureAwait(false);
            var listed = robots is null ? [] : RobotsRules.Parse(robots, userAgent).Sitemaps;
            foreach (var candidate in listed.Append(authority + "/sitemap.xml"))
            {
                if (Uri.TryCreate(candidate, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && queued.Add(url.AbsoluteUri))
                {
                    queue.Enqueue((url, 0));
                }
            }
        }

        var found = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var read = 0;
        while (queue.TryDequeue(out var item) && read < MaxSitemaps && found.Count < MaxUrls)
        {
            read++;
            var body = await download(item.Url, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                continue; // no sitemap there (a missing /sitemap.xml is normal)
            }

            SitemapDocument document;
            try
            {
                document = SitemapParser.Parse(body);
            }
            catch (SitemapException ex)
            {
                warn?.Invoke($"sitemap {item.Url}: {ex.Message}");
                continue;
            }

            if (document.Truncated)
            {
                warn?.Invoke($"sitemap {item.Url}: more than {SitemapParser.MaxUrls} entries, the rest ignored");
            }

            foreach (var loc in document.Locations)
            {
                if (!UrlNormalizer.TryNormalize(loc, item.Url, out var url))
                {
                    continue;
                }

                if (document.Kind == SitemapKind.Index)
                {
                    if (item.Level < MaxIndexDepth && queued.Add(url))
                    {
                        queue.Enqueue((new Uri(url), item.Level + 1));
                    }
                }
                else if (found.Count < MaxUrls && inScope(url) && seen.Add(url))
                {
                    found.Add(url);
                }
            }
        }

        return found;
    }
}
