using System.Collections.Immutable;
using System.Net;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Scope;
using OrleansCrawler.Core.Sitemaps;

namespace OrleansCrawler.Cli.Commands;

/// <summary><c>--sitemaps</c>: before the job starts, reads the seeds' sitemaps (robots.txt Sitemap: lines and
/// /sitemap.xml, indexes followed) and returns the in-scope URLs they list, to be crawled at depth 1.</summary>
public static class SitemapSeeds
{
    public static async Task<ImmutableArray<string>> DiscoverAsync(JobSpec spec, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            MaxAutomaticRedirections = 5,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        })
        { Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", spec.UserAgent);
        var scope = new CrawlScope(spec.Scope switch
        {
            ScopeKind.Domain => ScopeMode.Domain,
            ScopeKind.Any => ScopeMode.Any,
            _ => ScopeMode.Host,
        }, spec.Seeds, spec.Include, spec.Exclude);

        var seeder = new SitemapSeeder((url, token) => DownloadAsync(client, url, token), spec.UserAgent,
            warning => Console.Error.WriteLine($"warning: {warning}"));
        var found = await seeder.DiscoverAsync(spec.Seeds, scope.IsInScope, cancellationToken);
        return [.. found];
    }

    /// <summary>The body of a 2xx answer, at most 50 MB (the protocol's limit, so larger is unreadable anyway); null
    /// for any other answer or failure.</summary>
    private static async Task<byte[]?> DownloadAsync(HttpClient client, Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var copy = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (copy.Length + read > SitemapParser.MaxUncompressedBytes)
                {
                    Console.Error.WriteLine($"warning: {url} is larger than 50 MB, ignored");
                    return null;
                }

                copy.Write(buffer, 0, read);
            }

            return copy.ToArray();
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Console.Error.WriteLine($"warning: {url}: {ex.Message}");
            return null;
        }
    }
}
