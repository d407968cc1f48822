using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Silo.Hosting;

namespace OrleansCrawler.Grains.Tests;

/// <summary>robots.txt answers other than 2xx through the real grain pipeline (RFC 9309 §2.3.1), against tiny
/// servers: 4xx allows everything, 5xx allows nothing and is retried after the (shortened) retry delay.</summary>
public sealed class RobotsPipelineTests : IAsyncLifetime
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(300);
    private readonly string _data = Directory.CreateTempSubdirectory("ocrawl-robots-").FullName;
    private EmbeddedCrawler _crawler = null!;

    public async Task InitializeAsync() => _crawler = await EmbeddedCrawler.StartAsync(_data, new Dictionary<string, string?>
    {
        ["Crawler:Robots:FirstRetryDelay"] = RetryDelay.ToString(),
    });

    public async Task DisposeAsync()
    {
        await _crawler.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private static JobSpec Spec(params string[] seeds) =>
        new([.. seeds], 0, -1, ScopeKind.Host, [], [], 16, 2, 4, JobSpec.DefaultUserAgent);

    private async Task<JobStatus> CrawlAsync(string jobId, JobSpec spec)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await _crawler.StartJobAsync(jobId, spec);
        return await _crawler.WaitAsync(jobId, cancellationToken: timeout.Token);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(403)]
    public async Task RobotsTxt4xx_EverythingIsFetched(int status)
    {
        await using var web = new TinyWeb()
            .Map("/robots.txt", new TinyResponse(status, "text/plain", "User-agent: *\nDisallow: /"))
            .Html("/", """<a href="/a">a</a> <a href="/private/b">b</a>""")
            .Html("/a", "<title>a</title>")
            .Html("/private/b", "<title>b</title>");

        var result = await CrawlAsync($"robots-{status}", Spec(web.Root + "/"));

        Assert.Equal(JobState.Completed, result.State);
        Assert.Equal(3, result.Counters.Fetched);
        Assert.Equal(0, result.Counters.RobotsDenied);
        Assert.Equal(["/", "/a", "/private/b", "/robots.txt"], web.Requests.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RobotsTxt5xx_NothingOnTheHostIsFetched()
    {
        await using var web = new TinyWeb()
            .Map("/robots.txt", new TinyResponse(500, "text/plain", "oops"))
            .Html("/", """<a href="/a">a</a>""")
            .Html("/a", "<title>a</title>");

        var result = await CrawlAsync("robots-500", Spec(web.Root + "/", web.Root + "/a"));

        Assert.Equal(JobState.Completed, result.State);
        Assert.Equal(0, result.Counters.Fetched);
        Assert.Equal(2, result.Counters.RobotsDenied);
        Assert.Equal(["/robots.txt"], web.Requests);
    }

    [Fact]
    public async Task RobotsTxt5xx_IsFetchedAgainAfterTheRetryDelay()
    {
        // Host A answers 500 first, then a real robots.txt. Its seed is denied; a slow page on host B links to A's
        // pages later than the retry delay, so by then A's robots.txt is fetched again and obeyed.
        var robotsCalls = 0;
        await using var a = new TinyWeb()
            .Map("/robots.txt", () => Interlocked.Increment(ref robotsCalls) == 1
                ? new TinyResponse(503, "text/plain", "busy")
                : new TinyResponse(200, "text/plain", "User-agent: *\nDisallow: /no\n"))
            .Html("/1", "<title>1</title>")
            .Html("/2", "<title>2</title>")
            .Html("/no", "<title>no</title>");
        await using var b = new TinyWeb()
            .Map("/slow", new TinyResponse(200, "text/html", $"""<a href="{a.Root}/2">2</a> <a href="{a.Root}/no">no</a>""") { Delay = RetryDelay * 4 });

        var result = await CrawlAsync("robots-retry", Spec(a.Root + "/1", b.Root + "/slow"));

        Assert.Equal(JobState.Completed, result.State);
        Assert.Equal(2, a.CountOf("/robots.txt"));
        Assert.Equal(0, a.CountOf("/1"));
        Assert.Equal(1, a.CountOf("/2"));
        Assert.Equal(0, a.CountOf("/no"));
        Assert.Equal(2, result.Counters.RobotsDenied);
        Assert.Equal(2, result.Counters.Fetched);
    }
}
