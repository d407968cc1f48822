using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansCrawler.WebConsole.Api;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.WebConsole.Tests;

/// <summary>The REST API over real HTTP against a real silo crawling the real test web.</summary>
public class ConsoleApiTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    private static SubmitRequest Crawl(TestWeb web, string jobId) =>
        new(string.Join('\n', web.Seeds), jobId, DelayMs: 0, Partitions: 16);

    private static bool IsHtmlPage(Abstractions.Results.PageResult r) =>
        r.Status == 200 && r.Error is null && r.ContentType is not null && r.ContentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase);

    [Fact]
    public async Task Anonymous_IsRefused401_EverywhereButThePageShell()
    {
        using var client = fixture.Client();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.Http.GetAsync("/api/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.Http.GetAsync("/api/silos")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.Http.GetAsync("/api/openapi.json")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SubmitAsync(new SubmitRequest("http://127.0.0.1:1/"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/jobs/any/cancel")).StatusCode);
        client.UseToken("not-a-configured-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.Http.GetAsync("/api/jobs")).StatusCode);
    }

    [Fact]
    public async Task Login_WrongPasswordOrUnknownName_Is401()
    {
        using var client = fixture.Client();

        Assert.Equal(HttpStatusCode.Unauthorized, await client.LoginAsync(ConsoleFixture.Operator, "wrong"));
        Assert.Equal(HttpStatusCode.Unauthorized, await client.LoginAsync("nobody", ConsoleFixture.OperatorPassword));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.Http.GetAsync("/api/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await client.LoginAsync(ConsoleFixture.Operator, ConsoleFixture.OperatorPassword));
        var me = await client.Http.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("olga", me.GetProperty("name").GetString());
        Assert.Equal("operator", me.GetProperty("role").GetString());
    }

    [Fact]
    public async Task OperatorSession_SubmitsACrawl_ResultsOverTheApiAreTheTruthSet()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 300, Hosts = 3, Seed = 19 });
        using var client = fixture.Client();
        Assert.Equal(HttpStatusCode.OK, await client.LoginAsync(ConsoleFixture.Operator, ConsoleFixture.OperatorPassword));
        await client.UseCsrfTokenAsync();

        using var submitted = await client.SubmitAsync(Crawl(web, "api-truth"));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        Assert.Equal("/api/jobs/api-truth", submitted.Headers.Location?.OriginalString);
        var job = await client.WaitForAsync("api-truth", j => j.State != "running", Limit);

        Assert.Equal("completed", job.State);
        Assert.Equal("olga", job.SubmittedBy);
        var results = await client.AllResultsAsync("api-truth", pageSize: 37);
        var truth = web.ComputeTruth();
        Assert.Equal(truth.Order(StringComparer.Ordinal), results.Where(IsHtmlPage).Select(r => r.Url).Order(StringComparer.Ordinal));
        Assert.Equal(job.Counters.Fetched + job.Counters.Failed, results.Count);
        Assert.Equal(results.Count, results.Select(r => r.Url).Distinct().Count());
        var list = await client.Http.GetFromJsonAsync<List<JobView>>("/api/jobs", ConsoleClient.Json);
        Assert.Contains(list!, j => j.JobId == "api-truth" && j.State == "completed" && j.Counters.Fetched == job.Counters.Fetched);
        // A second submit of the same id is refused; the first job is untouched.
        Assert.Equal(HttpStatusCode.Conflict, (await client.SubmitAsync(Crawl(web, "api-truth"))).StatusCode);
    }

    [Fact]
    public async Task Results_SearchByUrl_FindsExactlyTheMatchingResults()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 200, Hosts = 2, Seed = 23 });
        using var client = fixture.Client();
        client.UseToken(fixture.OperatorToken);
        Assert.Equal(HttpStatusCode.Created, (await client.SubmitAsync(Crawl(web, "api-search"))).StatusCode);
        await client.WaitForAsync("api-search", j => j.State != "running", Limit);
        var all = await client.AllResultsAsync("api-search");
        var needle = new Uri(web.Seeds[1]).Authority;

        var page = await client.Http.GetFromJsonAsync<ResultsPage>($"/api/jobs/api-search/results?limit=1000&search={Uri.EscapeDataString(needle)}", ConsoleClient.Json);

        var expected = all.Where(r => r.Url.Contains(needle, StringComparison.OrdinalIgnoreCase)).Select(r => r.Url).ToList();
        Assert.NotEmpty(expected);
        Assert.True(expected.Count < all.Count);
        Assert.Equal(expected, page!.Items.Select(r => r.Url));
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task Results_OfACrawl_LatestFirstAndErrorSamples_AgreeWithTheStoredResults()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 200, Hosts = 2, Seed = 29 });
        using var client = fixture.Client();
        client.UseToken(fixture.OperatorToken);
        Assert.Equal(HttpStatusCode.Created, (await client.SubmitAsync(Crawl(web, "api-latest-crawl"))).StatusCode);
        var job = await client.WaitForAsync("api-latest-crawl", j => j.State != "running", Limit);
        var all = await client.AllResultsAsync("api-latest-crawl");

        var latest = await LatestAsync(client, "api-latest-crawl", pageSize: 33);
        var errors = await client.Http.GetFromJsonAsync<List<ErrorKindView>>("/api/jobs/api-latest-crawl/errors", ConsoleClient.Json);

        Assert.Equal(all.OrderByDescending(r => r.FetchedAt).ThenByDescending(r => r.Url, StringComparer.Ordinal).Select(r => r.Url),
            latest.Select(r => r.Url));
        Assert.True(latest[0].FetchedAt > latest[^1].FetchedAt);
        Assert.NotEmpty(errors!);
        Assert.Equal(job.Errors.Count, errors!.Count);
        foreach (var kind in errors)
        {
            var ofKind = all.Where(r => Core.Crawling.ErrorKind.Of(r.Status, r.Error) == kind.Kind).Select(r => r.Url).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(ofKind.Take(3), kind.SampleUrls);
        }
    }

    [Fact]
    public async Task Results_LatestFirst_PagesByCursor_SearchFindsAMatchPastRow10000()
    {
        // 12,000 results written straight into the silo's results store (the job need not have run): the match lies past
        // the first 10,000 in URL order, and the newest ones share a fetch time.
        var t0 = new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);
        await Task.WhenAll(Enumerable.Range(0, 12_000).Select(i => fixture.Crawler.Store.SaveAsync(new Core.Results.PageRecord(
            "api-big", $"http://big.test/p{i:D5}" + (i == 11_111 ? "/Needle_1%" : ""), $"http://big.test/p{i:D5}", 200, 1, null, 0, "text/html", 1,
            t0.AddSeconds(Math.Min(i, 11_997)), null))));
        using var client = fixture.Client();
        client.UseToken(fixture.ViewerToken);

        var latest = await client.Http.GetFromJsonAsync<ResultsPage>("/api/jobs/api-big/results?order=latest&limit=2", ConsoleClient.Json);
        var next = await client.Http.GetFromJsonAsync<ResultsPage>(
            $"/api/jobs/api-big/results?order=latest&limit=2&after={Uri.EscapeDataString(latest!.Next!)}", ConsoleClient.Json);
        var found = await client.Http.GetFromJsonAsync<ResultsPage>("/api/jobs/api-big/results?search=needle_1%25&limit=10", ConsoleClient.Json);

        Assert.Equal(["http://big.test/p11999", "http://big.test/p11998"], latest.Items.Select(r => r.Url));
        Assert.Equal(["http://big.test/p11997", "http://big.test/p11996"], next!.Items.Select(r => r.Url));
        Assert.Equal(["http://big.test/p11111/Needle_1%"], found!.Items.Select(r => r.Url));
        Assert.Null(found.Next);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.Http.GetAsync("/api/jobs/api-big/results?order=latest&after=not-a-cursor")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.Http.GetAsync("/api/jobs/api-big/results?order=newest")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.Http.GetAsync("/api/jobs/api-big/results?order=latest&search=x")).StatusCode);
    }

    private static async Task<List<Abstractions.Results.PageResult>> LatestAsync(ConsoleClient client, string id, int pageSize)
    {
        var all = new List<Abstractions.Results.PageResult>();
        string? after = null;
        for (var pages = 0; pages < 10_000; pages++)
        {
            var url = $"/api/jobs/{id}/results?order=latest&limit={pageSize}" + (after is null ? "" : "&after=" + Uri.EscapeDataString(after));
            var page = (await client.Http.GetFromJsonAsync<ResultsPage>(url, ConsoleClient.Json))!;
            all.AddRange(page.Items);
            if (page.Next is null)
            {
                return all;
            }

            after = page.Next;
        }

        throw new InvalidOperationException("more than 10,000 pages of results");
    }

    [Fact]
    public async Task PauseResumeCancel_OverTheApi_SteerTheCrawl()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 3000, Hosts = 3, Seed = 29, Latency = TimeSpan.FromMilliseconds(30) });
        using var client = fixture.Client();
        Assert.Equal(HttpStatusCode.OK, await client.LoginAsync(ConsoleFixture.Operator, ConsoleFixture.OperatorPassword));
        await client.UseCsrfTokenAsync();
        Assert.Equal(HttpStatusCode.Created, (await client.SubmitAsync(Crawl(web, "api-steer") with { PerHost = 1 })).StatusCode);
        await client.WaitForAsync("api-steer", j => j.Counters.Fetched > 20, Limit);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/jobs/api-steer/pause")).StatusCode);
        var paused = await client.WaitForAsync("api-steer", j => j.State == "paused" && j.Counters.InFlight == 0, Limit);
        await Task.Delay(1000);
        var stillPaused = await client.JobAsync("api-steer");
        Assert.Equal("paused", stillPaused.State);
        Assert.Equal(paused.Counters.Fetched, stillPaused.Counters.Fetched);
        Assert.True(stillPaused.Counters.Queued > 0, "paused with work left");

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/jobs/api-steer/resume")).StatusCode);
        await client.WaitForAsync("api-steer", j => j.State == "running" && j.Counters.Fetched > stillPaused.Counters.Fetched, Limit);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/jobs/api-steer/cancel")).StatusCode);
        var cancelled = await client.WaitForAsync("api-steer", j => j.State == "cancelled", Limit);
        Assert.True(cancelled.Counters.Fetched < web.ComputeTruth().Count);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/jobs/no-such-job/pause")).StatusCode);
    }

    [Fact]
    public async Task Viewer_ReadsButIsRefused403OnEveryStateChange()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 50, Hosts = 1, Seed = 31 });
        using var op = fixture.Client();
        op.UseToken(fixture.OperatorToken);
        Assert.Equal(HttpStatusCode.Created, (await op.SubmitAsync(Crawl(web, "api-viewer"))).StatusCode);
        await op.WaitForAsync("api-viewer", j => j.State != "running", Limit);
        using var session = fixture.Client();
        Assert.Equal(HttpStatusCode.OK, await session.LoginAsync(ConsoleFixture.Viewer, ConsoleFixture.ViewerPassword));
        await session.UseCsrfTokenAsync();
        using var token = fixture.Client();
        token.UseToken(fixture.ViewerToken);

        foreach (var viewer in new[] { session, token })
        {
            Assert.Equal("completed", (await viewer.JobAsync("api-viewer")).State);
            Assert.Equal(HttpStatusCode.OK, (await viewer.Http.GetAsync("/api/jobs/api-viewer/results")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.SubmitAsync(Crawl(web, "api-viewer-2"))).StatusCode);
            foreach (var action in new[] { "pause", "resume", "cancel" })
            {
                Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/jobs/api-viewer/{action}")).StatusCode);
            }
        }

        Assert.Equal(HttpStatusCode.NotFound, (await op.Http.GetAsync("/api/jobs/api-viewer-2")).StatusCode);
    }

    [Fact]
    public async Task CookieSession_WithoutOrWithABadCsrfToken_IsRefused_ATokenNeedsNone()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 30, Hosts = 1, Seed = 37 });
        using var client = fixture.Client();
        Assert.Equal(HttpStatusCode.OK, await client.LoginAsync(ConsoleFixture.Operator, ConsoleFixture.OperatorPassword));

        using var without = await client.SubmitAsync(Crawl(web, "api-csrf"));
        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        Assert.Contains("CSRF", await without.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        client.Http.DefaultRequestHeaders.Add("X-CSRF-TOKEN", "forged");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SubmitAsync(Crawl(web, "api-csrf"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/api/jobs/api-csrf")).StatusCode);

        await client.UseCsrfTokenAsync();
        Assert.Equal(HttpStatusCode.Created, (await client.SubmitAsync(Crawl(web, "api-csrf"))).StatusCode);
        using var script = fixture.Client();
        script.UseToken(fixture.OperatorToken);
        Assert.Equal(HttpStatusCode.OK, (await script.PostAsync("/api/jobs/api-csrf/cancel")).StatusCode);
    }

    [Fact]
    public async Task Submit_BadFields_Are400NamingEachFieldAndValue()
    {
        using var client = fixture.Client();
        client.UseToken(fixture.OperatorToken);

        using var response = await client.SubmitAsync(new SubmitRequest("http://127.0.0.1:1/\nnot a url", "bad id!", MaxPages: -1, Scope: "planet",
            Include: ["(unclosed"]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("seeds:2: 'not a url' is not an absolute http(s) URL", errors.GetProperty("seeds")[0].GetString());
        Assert.Contains("'bad id!'", errors.GetProperty("jobId")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("'-1'", errors.GetProperty("maxPages")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("'planet'", errors.GetProperty("scope")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_StreamTheRunningJobUntilItEnds_WithPagesPerSecond()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 600, Hosts = 2, Seed = 41, Latency = TimeSpan.FromMilliseconds(10) });
        using var client = fixture.Client();
        client.UseToken(fixture.OperatorToken);
        Assert.Equal(HttpStatusCode.Created, (await client.SubmitAsync(Crawl(web, "api-events") with { PerHost = 1 })).StatusCode);

        using var timeout = new CancellationTokenSource(Limit);
        await using var stream = await client.Http.GetStreamAsync("/api/jobs/api-events/events", timeout.Token);
        var samples = new List<JobSample>();
        await foreach (var item in System.Net.ServerSentEvents.SseParser.Create(stream).EnumerateAsync(timeout.Token))
        {
            Assert.Equal("job", item.EventType);
            samples.Add(JsonSerializer.Deserialize<JobSample>(item.Data, ConsoleClient.Json)!);
        }

        Assert.True(samples.Count >= 2, $"{samples.Count} events");
        Assert.Equal("completed", samples[^1].Job.State);
        Assert.All(samples[..^1], s => Assert.Equal("running", s.Job.State));
        Assert.Contains(samples, s => s.PagesPerSecond > 0);
        Assert.Equal(samples[^1].Job.Counters.Fetched, samples.Max(s => s.Job.Counters.Fetched));
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/api/jobs/no-such-job/events")).StatusCode);
    }

    [Fact]
    public async Task SilosAndOpenApi_AreServedToAViewer()
    {
        using var client = fixture.Client();
        client.UseToken(fixture.ViewerToken);

        var silos = await client.Http.GetFromJsonAsync<List<SiloView>>("/api/silos", ConsoleClient.Json);
        var openApi = await client.Http.GetFromJsonAsync<JsonElement>("/api/openapi.json");

        Assert.Contains(silos!, s => s.Status == "Active");
        var paths = openApi.GetProperty("paths");
        foreach (var path in new[] { "/api/jobs", "/api/jobs/{id}", "/api/jobs/{id}/pause", "/api/jobs/{id}/results", "/api/silos" })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }
    }

    [Fact]
    public async Task Hosts_OfARunningJob_ShowQueuesDelayAndRobotsPerHost()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 900, Hosts = 3, Seed = 43, Latency = TimeSpan.FromMilliseconds(20) });
        using var client = fixture.Client();
        client.UseToken(fixture.OperatorToken);
        Assert.Equal(HttpStatusCode.Created, (await client.SubmitAsync(Crawl(web, "api-hosts") with { PerHost = 1, DelayMs = 50 })).StatusCode);
        await client.WaitForAsync("api-hosts", j => j.Counters.Fetched > 30, Limit);

        var hosts = await client.Http.GetFromJsonAsync<List<Abstractions.Frontier.HostView>>("/api/jobs/api-hosts/hosts", ConsoleClient.Json) ?? [];

        Assert.Equal(web.Seeds.Select(s => new Uri(s).Authority).Order(StringComparer.Ordinal), hosts.Select(h => h.Authority).Order(StringComparer.Ordinal));
        Assert.All(hosts, h =>
        {
            Assert.Equal("active", h.State);
            Assert.Equal(TimeSpan.FromMilliseconds(50), h.Delay);
            Assert.InRange(h.Workers, 0, 1);
            Assert.Equal("parsed (200)", h.Robots);
        });
        Assert.Contains(hosts, h => h.Queued > 0);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/jobs/api-hosts/cancel")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/api/jobs/no-such-job/hosts")).StatusCode);
    }
}
