using System.Text.Json;

namespace OrleansCrawler.Cli.Tests;

/// <summary>Checks on a JSON Lines export shared by the run and resume tests.</summary>
public static class ResultsAssertions
{
    /// <summary>Each URL once, and the 200 HTML pages are exactly the truth set; returns the parsed rows.</summary>
    public static List<JsonElement> HtmlEqualsTruth(string jsonlPath, IReadOnlyCollection<string> truth)
    {
        var results = File.ReadLines(jsonlPath).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var urls = results.Select(r => r.GetProperty("url").GetString()!).ToList();
        Assert.Equal(urls.Count, urls.Distinct(StringComparer.Ordinal).Count());
        var html = results
            .Where(r => r.GetProperty("status").GetInt32() == 200 && r.GetProperty("contentType").GetString()!.StartsWith("text/html", StringComparison.Ordinal))
            .Select(r => r.GetProperty("url").GetString()!)
            .ToHashSet(StringComparer.Ordinal);
        Assert.True(html.SetEquals(truth),
            $"missing {truth.Except(html).Count()}: {string.Join(' ', truth.Except(html).Take(3))}; extra {html.Except(truth).Count()}: {string.Join(' ', html.Except(truth).Take(3))}");
        return results;
    }
}
