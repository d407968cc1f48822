using System.Text.RegularExpressions;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Bench.Micro;

/// <summary>A real page of the test web, about 28 KB (the web's average is 27 KB), fetched once from an in-process
/// test web, with its URL and the href values it holds (every link form the web writes).</summary>
public sealed partial class TestWebPage
{
    private TestWebPage(string html, Uri url, IReadOnlyList<string> hrefs)
    {
        Html = html;
        Url = url;
        Hrefs = hrefs;
    }

    public string Html { get; }

    public Uri Url { get; }

    public IReadOnlyList<string> Hrefs { get; }

    public static TestWebPage Load(int targetBytes = 28 * 1024)
    {
        return LoadAsync(targetBytes).GetAwaiter().GetResult();
    }

    private static async Task<TestWebPage> LoadAsync(int targetBytes)
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 400, Hosts = 2 });
        using var client = new HttpClient();
        (string Html, Uri Url)? best = null;
        // The same page on every run: by host (in the web's order) and path, not by the URL, whose random ports would
        // pick another page each time.
        var hosts = web.Seeds.Select(seed => new Uri(seed).Authority).ToList();
        var pages = web.ComputeTruth().Select(url => new Uri(url)).OrderBy(url => hosts.IndexOf(url.Authority)).ThenBy(url => url.PathAndQuery, StringComparer.Ordinal);
        foreach (var url in pages.Select(url => url.AbsoluteUri).Take(100))
        {
            var html = await client.GetStringAsync(new Uri(url));
            if (best is null || Math.Abs(html.Length - targetBytes) < Math.Abs(best.Value.Html.Length - targetBytes))
            {
                best = (html, new Uri(url));
            }
        }

        var hrefs = Href().Matches(best!.Value.Html).Select(m => m.Groups[2].Value).ToList();
        return new TestWebPage(best.Value.Html, best.Value.Url, hrefs);
    }

    [GeneratedRegex("""href=(["'])(.*?)\1""")]
    private static partial Regex Href();
}
