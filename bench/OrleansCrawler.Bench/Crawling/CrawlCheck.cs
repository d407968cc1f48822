using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Bench.Crawling;

/// <summary>Compares what a mode stored with the test web's truth: the 200 HTML pages fetched must be exactly the
/// truth set (the pages a correct crawler finds), so every mode provably did the same work.</summary>
public sealed record CrawlCheck(int Truth, int HtmlFetched, long UrlsFetched, IReadOnlyList<string> Missing, IReadOnlyList<string> Extra)
{
    public bool IsExact => Missing.Count == 0 && Extra.Count == 0;

    public static CrawlCheck Of(IReadOnlyList<string> truth, IEnumerable<PageRecord> records)
    {
        ArgumentNullException.ThrowIfNull(truth);
        var all = records.ToList();
        var html = all.Where(IsHtmlPage).Select(r => r.Url).ToHashSet(StringComparer.Ordinal);
        var missing = truth.Where(u => !html.Contains(u)).ToList();
        var extra = html.Except(truth, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new CrawlCheck(truth.Count, html.Count, all.Count, missing, extra);
    }

    public static bool IsHtmlPage(PageRecord r) =>
        r.Status == 200 && r.ContentType is not null && r.ContentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => IsExact
        ? $"truth ok ({Truth})"
        : $"MISMATCH: truth {Truth}, fetched {HtmlFetched}, missing {Missing.Count} (e.g. {string.Join(' ', Missing.Take(3))}), extra {Extra.Count} (e.g. {string.Join(' ', Extra.Take(3))})";
}
