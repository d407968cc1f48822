using System.Globalization;
using System.Net;
using OrleansCrawler.Bench.Throughput;
using OrleansCrawler.Bench.Throughput.Processes;

namespace OrleansCrawler.Bench.Tests;

/// <summary>The static copy of the test web served by nginx (<c>--nginx</c>, issue 16): it must answer as the live web
/// does, so that a crawl of it finds exactly the truth set.</summary>
public class NginxWebTests
{
    [NginxFact]
    public async Task RunAsync_Nginx_OrleansCrawlOfTheStaticCopyFetchesExactlyTheTruthSet()
    {
        using var dir = new TempDirectory();
        var options = new ThroughputOptions
        {
            Workloads = [ThroughputWorkload.Throughput],
            Pages = 300,
            Hosts = 5,
            Concurrency = 8,
            Baseline = false,
            Nginx = true,
            OutputDirectory = dir.Path,
        };
        var log = new StringWriter(CultureInfo.InvariantCulture);

        var results = await new ThroughputRunner(options, log).RunAsync();

        var orleans = Assert.Single(results.Rows);
        Assert.True(orleans.CheckPassed && orleans.Check.StartsWith("truth ok", StringComparison.Ordinal), orleans.Check);
        Assert.Contains("nginx serving a static copy", log.ToString(), StringComparison.Ordinal);
        // Every URL of the crawl is in the figures from launch to exit, and the HTML pages are the truth's.
        Assert.Equal(int.Parse(orleans.Check["truth ok (".Length..^1], CultureInfo.InvariantCulture), orleans.HtmlPages);
        Assert.True(orleans.Urls > orleans.HtmlPages, $"{orleans.Urls} URLs, {orleans.HtmlPages} HTML pages: images, PDFs and 404s too");
        Assert.True(orleans.ExitCpuSeconds >= orleans.ProcessCpuSeconds, $"launch to exit {orleans.ExitCpuSeconds} s, launch to the end line {orleans.ProcessCpuSeconds} s");
        Assert.True(orleans.ServerCpuSeconds > 0, "nginx's CPU is metered as the web's");
    }

    [NginxFact]
    public async Task StartAsync_AnswersTheLiveWebsRoutes_WithItsStatusesAndTypes()
    {
        using var dir = new TempDirectory();
        await using var web = await NginxWeb.StartAsync(Ocrawl.Find(), pages: 40, hosts: 2, dir.Path, CancellationToken.None);
        using var http = new HttpClient();
        var root = new Uri(web.Seeds[0]);

        async Task<(HttpStatusCode Status, string? Type, string Body)> Get(string path)
        {
            using var response = await http.GetAsync(new Uri(root, path));
            return (response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync());
        }

        var home = await Get("/");
        Assert.Equal((HttpStatusCode.OK, "text/html; charset=utf-8"), (home.Status, home.Type));
        Assert.Contains("<a ", home.Body, StringComparison.Ordinal);
        var page = new Uri(web.Truth.First(u => new Uri(u).Port == root.Port && new Uri(u).AbsolutePath != "/"));
        Assert.Equal(HttpStatusCode.OK, (await Get(page.PathAndQuery)).Status);
        Assert.Equal((HttpStatusCode.OK, "text/plain; charset=utf-8"), ((await Get("/robots.txt")).Status, (await Get("/robots.txt")).Type));
        Assert.Equal((HttpStatusCode.OK, "image/png"), ((await Get("/img/12.png")).Status, (await Get("/img/12.png")).Type));
        Assert.Equal((HttpStatusCode.OK, "application/pdf"), ((await Get("/docs/3.pdf")).Status, (await Get("/docs/3.pdf")).Type));
        foreach (var missing in new[] { "/img/012.png", "/s3/", "/__root.html", "/__404.html", "/index.html", "/nothing" })
        {
            var answer = await Get(missing);
            Assert.True(answer.Status == HttpStatusCode.NotFound && answer.Type == "text/html; charset=utf-8", $"{missing}: {answer.Status} {answer.Type}");
        }
    }
}
