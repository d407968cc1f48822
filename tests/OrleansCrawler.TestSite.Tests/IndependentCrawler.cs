using System.Collections.Concurrent;

namespace OrleansCrawler.TestSite.Tests;

/// <summary>
/// A small BFS crawler written only from HTTP, a regex for hrefs, <see cref="Uri"/> resolution and a
/// robots.txt prefix check, to cross-check the TestSite's truth against what it actually serves.
/// </summary>
internal sealed class IndependentCrawler(HttpClient client, IReadOnlyCollection<string> authorities)
{
    private readonly Dictionary<string, List<(string Prefix, bool Allow)>> _robots = [];

    public async Task<SortedSet<string>> CrawlAsync(IEnumerable<string> seeds)
    {
        foreach (string authority in authorities)
        {
            _robots[authority] = ParseStarGroup(await client.GetStringAsync($"http://{authority}/robots.txt"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pages = new ConcurrentBag<string>();
        var level = new List<string>();
        foreach (string seed in seeds)
        {
            string url = Html.Normalize(new Uri(seed));
            if (seen.Add(url))
            {
                level.Add(url);
            }
        }

        while (level.Count > 0)
        {
            var found = new ConcurrentBag<string>();
            await Parallel.ForEachAsync(level, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (url, ct) =>
            {
                var uri = new Uri(url);
                if (!IsAllowed(uri.Authority, uri.AbsolutePath))
                {
                    return;
                }

                using var response = await client.GetAsync(uri, ct);
                if (response.StatusCode != System.Net.HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
                {
                    return;
                }

                pages.Add(url);
                string html = await response.Content.ReadAsStringAsync(ct);
                foreach (var target in Html.ResolvedLinks(uri, html))
                {
                    if (target.Scheme == Uri.UriSchemeHttp && authorities.Contains(target.Authority))
                    {
                        found.Add(Html.Normalize(target));
                    }
                }
            });

            level = [.. found.Distinct().Where(seen.Add)];
        }

        return new SortedSet<string>(pages, StringComparer.Ordinal);
    }

    private bool IsAllowed(string authority, string path)
    {
        int best = -1;
        bool allowed = true;
        foreach (var (prefix, allow) in _robots[authority])
        {
            if (prefix.Length > 0 && path.StartsWith(prefix, StringComparison.Ordinal)
                && (prefix.Length > best || (prefix.Length == best && allow)))
            {
                best = prefix.Length;
                allowed = allow;
            }
        }

        return allowed;
    }

    /// <summary>Allow/Disallow rules of the <c>User-agent: *</c> group.</summary>
    private static List<(string, bool)> ParseStarGroup(string robots)
    {
        var rules = new List<(string, bool)>();
        bool inStar = false;
        bool lastWasAgent = false;
        foreach (string raw in robots.Split('\n'))
        {
            string line = raw.Split('#')[0].Trim();
            int colon = line.IndexOf(':');
            if (colon < 0)
            {
                continue;
            }

            string key = line[..colon].Trim().ToLowerInvariant();
            string value = line[(colon + 1)..].Trim();
            if (key == "user-agent")
            {
                inStar = (lastWasAgent && inStar) || value == "*";
                lastWasAgent = true;
                continue;
            }

            lastWasAgent = false;
            if (inStar && key is "allow" or "disallow")
            {
                rules.Add((value, key == "allow"));
            }
        }

        return rules;
    }
}
