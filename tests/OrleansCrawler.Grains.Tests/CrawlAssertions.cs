using OrleansCrawler.Core.Results;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Grains.Tests;

internal static class CrawlAssertions
{
    public static bool IsHtmlPage(PageRecord r) =>
        r.Status == 200 && r.Error is null && r.ContentType is not null && r.ContentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>The fetched HTML pages are exactly the truth set; the message lists what is missing or extra.</summary>
    public static void FetchedHtmlEqualsTruth(IReadOnlyList<string> truth, IEnumerable<PageRecord> records, string? context = null)
    {
        var fetched = records.Where(IsHtmlPage).Select(r => r.Url).ToHashSet(StringComparer.Ordinal);
        var missing = truth.Where(u => !fetched.Contains(u)).ToList();
        var extra = fetched.Except(truth, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"truth {truth.Count}, fetched HTML {fetched.Count}; missing {missing.Count}: {string.Join(' ', missing.Take(5))}; extra {extra.Count}: {string.Join(' ', extra.Take(5))}; {context}");
    }

    /// <summary>No URL requested twice (robots.txt once per host), nothing robots.txt disallows requested.</summary>
    public static void PoliteRequestLog(IReadOnlyList<RequestLogEntry> log, int perHostLimit)
    {
        var twice = log.GroupBy(e => (e.Authority, e.PathAndQuery)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"{twice.Count} URLs requested more than once, e.g. {string.Join(' ', twice.Take(5))}");
        var disallowed = log.Where(e => !TestWeb.IsAllowedByRobots(e.PathAndQuery)).ToList();
        Assert.True(disallowed.Count == 0, $"{disallowed.Count} disallowed paths requested, e.g. {string.Join(' ', disallowed.Take(5).Select(e => e.PathAndQuery))}");
        var busiest = log.Max(e => e.ConcurrentForHost);
        Assert.True(busiest <= perHostLimit, $"{busiest} concurrent requests on one host, limit {perHostLimit}");
    }
}
