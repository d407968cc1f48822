using System.Globalization;
using OrleansCrawler.TestSite;
using Xunit.Abstractions;

namespace OrleansCrawler.WebConsole.Tests;

/// <summary>The console's pages in headless Chromium against a real silo crawling the real test web.</summary>
public class ConsoleBrowserTests(ConsoleFixture fixture, ITestOutputHelper output) : IClassFixture<ConsoleFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    /// <summary>The y coordinates of the chart's pages/s line (0 at the top; 158 is zero pages/s).</summary>
    private static double[] ChartHeights(Browser b) => [.. b["chart-pages"].GetAttribute("points")!
        .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => double.Parse(p.Split(',')[1], CultureInfo.InvariantCulture))];

    private static long Counter(Browser b, string name) => long.Parse(b.Text("counter-" + name), NumberStyles.Integer, CultureInfo.InvariantCulture);

    // 200 pages a host, as the Grains tests' 5,000 on 20: a host of many more pages reaches the default --max-path-variants
    // (1000, its links to missing /sN/pM.html pages count too), and which of its URLs the trap refuses depends on crawl order.
    [Fact]
    public async Task Operator_SubmitsWatchesPausesAndResumes_CountsReachTheTruthSet()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 1800, Hosts = 9, Seed = 47, Latency = TimeSpan.FromMilliseconds(60) });
        using var b = new Browser(fixture.Address);
        b.LogIn(ConsoleFixture.Operator, ConsoleFixture.OperatorPassword);

        b["nav-submit"].Click();
        b.Until(() => b["view-submit"].Displayed, "the submit form");
        b.Type("submit-seeds", string.Join('\n', web.Seeds));
        b.Type("submit-jobId", "ui-crawl");
        b.Type("submit-delayMs", "0");
        b.Type("submit-perHost", "1");
        b.Type("submit-partitions", "16");
        b.Type("submit-maxPathVariants", "2000");
        b.Driver.FindElement(OpenQA.Selenium.By.XPath("//select[@id='submit-content']/option[.='text']")).Click();
        b["submit-links"].Click();
        b["submit-go"].Click();
        b.Until(() => b.Driver.Url.EndsWith("#/job/ui-crawl", StringComparison.Ordinal) && b["view-job"].Displayed, "the job page");
        // The form's content options reached the job's spec.
        var spec = await fixture.Crawler.Grains.GetGrain<Abstractions.Jobs.ICrawlJobGrain>("ui-crawl").GetSpecAsync();
        Assert.Equal(("text", true, 2000), (spec!.Content, spec.LinkGraph, spec.MaxPathVariants));

        // The chart moves: samples pushed by the server (no reload) draw a line that leaves the zero line.
        b.Until(() => int.Parse(b["chart"].GetAttribute("data-samples") ?? "0", CultureInfo.InvariantCulture) >= 3
            && ChartHeights(b).Any(y => y < 150), "the pages/s line to rise");
        b.Until(() => b["job-state"].Text == "running" && Counter(b, "fetched") > 0, "pages counted");

        b["btn-pause"].Click();
        b.Until(() => b["job-state"].Text == "paused" && b["btn-resume"].Enabled, "paused", Limit);
        using var api = fixture.Client();
        api.UseToken(fixture.ViewerToken);
        Assert.Equal("paused", (await api.JobAsync("ui-crawl")).State);
        b.Until(() => Counter(b, "in-flight") == 0, "in-flight pages to finish");
        var pausedAt = Counter(b, "fetched");
        await Task.Delay(1500);
        Assert.Equal(pausedAt, Counter(b, "fetched"));
        Assert.True(Counter(b, "queued") > 0, "paused with work left");

        b["btn-resume"].Click();
        b.Until(() => b["job-state"].Text is "running" or "completed" && Counter(b, "fetched") > pausedAt, "resumed");
        b.Until(() => b["job-state"].Text == "completed", "the crawl to complete", Limit);

        var job = await api.JobAsync("ui-crawl");
        var results = await api.AllResultsAsync("ui-crawl", pageSize: 500);
        var truth = web.ComputeTruth();
        var html = results.Where(r => r.Status == 200 && r.Error is null && r.ContentType?.StartsWith("text/html", StringComparison.Ordinal) == true)
            .Select(r => r.Url).ToHashSet(StringComparer.Ordinal);
        var missing = truth.Where(u => !html.Contains(u)).ToList();
        Assert.True(missing.Count == 0 && html.Count == truth.Count, $"truth {truth.Count}, fetched HTML {html.Count}, missing {missing.Count}: "
            + string.Join("; ", missing.Take(5).Select(u => $"{u} -> {results.FirstOrDefault(r => r.Url == u)?.ToString() ?? "no result"}"))
            + $"; counters {job.Counters}; errors {string.Join(",", job.Errors.Select(e => e.Key + "=" + e.Value))}");
        b.Until(() => Counter(b, "fetched") == job.Counters.Fetched, "the page's count to be the job's");
        Assert.Equal(job.Counters.Accepted, Counter(b, "settled"));
        b.Until(() => b["errors-table"].FindElements(OpenQA.Selenium.By.CssSelector("tbody tr")).Count > 0, "errors by kind");

        b.Type("results-search", "/missing/");
        b["results-form"].Submit();
        b.Until(() => b["results-table"].FindElements(OpenQA.Selenium.By.CssSelector("tbody tr")) is { Count: > 0 } found
            && found.All(r => r.Text.Contains("/missing/", StringComparison.Ordinal)), "results found by URL");
        output.WriteLine("screenshot: " + b.Screenshot("job-page"));
    }

    [Fact]
    public async Task Viewer_SeesJobsButIsRefusedToSubmitOrSteer()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 400, Hosts = 2, Seed = 53, Latency = TimeSpan.FromMilliseconds(20) });
        using var op = fixture.Client();
        op.UseToken(fixture.OperatorToken);
        Assert.Equal(System.Net.HttpStatusCode.Created, (await op.SubmitAsync(new Api.SubmitRequest(string.Join('\n', web.Seeds), "ui-viewer",
            DelayMs: 0, PerHost: 1, Partitions: 8))).StatusCode);
        using var b = new Browser(fixture.Address);
        b.LogIn(ConsoleFixture.Viewer, ConsoleFixture.ViewerPassword);

        b.Until(() => b["jobs-table"].Text.Contains("ui-viewer", StringComparison.Ordinal), "the job in the list");
        b.Open("#/job/ui-viewer");
        b.Until(() => b["view-job"].Displayed && b["job-state"].Text.Length > 0, "the job page");
        Assert.False(b["btn-pause"].Enabled);
        Assert.False(b["btn-cancel"].Enabled);

        b["nav-submit"].Click();
        b.Until(() => b["view-submit"].Displayed, "the submit form");
        b.Type("submit-seeds", web.Seeds[0]);
        b.Type("submit-jobId", "ui-viewer-2");
        b["submit-go"].Click();
        b.Until(() => b.Message().Contains("403", StringComparison.Ordinal), "the refusal");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await op.Http.GetAsync("/api/jobs/ui-viewer-2")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await op.PostAsync("/api/jobs/ui-viewer/cancel")).StatusCode);
    }
}
