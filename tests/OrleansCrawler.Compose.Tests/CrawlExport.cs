using System.Text.Json;

namespace OrleansCrawler.Compose.Tests;

/// <summary>A job's export (JSON Lines) judged against the test web's truth set.</summary>
internal static class CrawlExport
{
    /// <summary>Each URL once; no result with an error; every response a 200 or a 404 (the web links to missing pages on
    /// purpose); the HTML 200 pages exactly the truth set. Returns a one-line summary.</summary>
    public static string AssertIsTheTruthSet(string jsonLines, IReadOnlyCollection<string> truth)
    {
        var results = jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.NotEmpty(results);
        var urls = results.Select(r => r.GetProperty("url").GetString()!).ToList();
        var duplicates = urls.GroupBy(u => u, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"{duplicates.Count} URLs exported more than once, e.g. {string.Join(' ', duplicates.Take(3))}");
        var errors = results.Where(r => r.GetProperty("error").ValueKind != JsonValueKind.Null).ToList();
        Assert.True(errors.Count == 0, $"{errors.Count} results with an error, e.g. {string.Join(' ', errors.Take(3).Select(e => e.GetRawText()))}");
        var statuses = results.GroupBy(r => r.GetProperty("status").GetInt32()).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(statuses.Keys.All(s => s is 200 or 404), "statuses: " + string.Join(", ", statuses.Select(kv => $"{kv.Key} x{kv.Value}")));
        var html = results
            .Where(r => r.GetProperty("status").GetInt32() == 200
                && (r.GetProperty("contentType").GetString() ?? "").StartsWith("text/html", StringComparison.Ordinal))
            .Select(r => r.GetProperty("url").GetString()!)
            .ToHashSet(StringComparer.Ordinal);
        Assert.True(html.SetEquals(truth),
            $"truth {truth.Count}, HTML pages {html.Count}; missing {string.Join(' ', truth.Except(html).Take(3))}; extra {string.Join(' ', html.Except(truth).Take(3))}");
        return $"{results.Count} results ({string.Join(", ", statuses.OrderBy(kv => kv.Key).Select(kv => $"{kv.Value} x {kv.Key}"))}), "
            + $"each URL once, no errors; its {html.Count} HTML pages are the truth set";
    }
}
