using OrleansCrawler.TestSite;

namespace OrleansCrawler.Cli.Tests;

/// <summary>Issue 18, "the default hammers real hosts": <c>ocrawl run</c> without <c>--delay</c> paces each host by the
/// adaptive delay (3 × the last response time, at least 1 s), read from the test web's own request log.</summary>
public class PoliteDefaultEndToEndTests
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task Run_WithoutDelay_SpacesRequestsToAHostByAtLeastTheFloor_AndThreeTimesItsResponseTime()
    {
        using var dir = new TempDirectory();
        using var site = OcrawlProcess.Start(dir.Path, "testsite", "--pages", "40", "--hosts", "1", "--latency", "400ms",
            "--seeds-out", "seeds.txt", "--request-log", "requests.tsv");
        await site.WaitForOutputAsync("ready", TimeSpan.FromMinutes(1));

        // No --delay: the default. A handful of pages, so the test stays short (about 1.2 s a page).
        using var run = await OcrawlProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(3), "run", "seeds.txt", "--data", "data", "--max-pages", "5", "--quiet");
        site.Terminate();
        await site.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\nstdout:\n{run.Stdout}\nstderr:\n{run.Stderr}");
        var pages = RequestLog.Load(dir.File("requests.tsv"))
            .Where(e => e.PathAndQuery != "/robots.txt") // robots.txt is fetched once before the pages, not paced
            .OrderBy(e => e.Time).ToList();
        Assert.Equal(5, pages.Count);
        var gaps = pages.Zip(pages.Skip(1), (a, b) => b.Time - a.Time).ToList();
        // Each response takes at least the web's latency, so the delay is at least 3 × 400 ms, above the 1 s floor; the
        // gap counts from the send, so only the difference in the two requests' trip to the server can shorten it.
        var least = 3 * Latency - TimeSpan.FromMilliseconds(50);
        Assert.True(gaps.All(g => g >= least), $"gaps between requests to the host: {string.Join(", ", gaps.Select(g => $"{g.TotalMilliseconds:0} ms"))}, want ≥ {least.TotalMilliseconds:0} ms");
        Assert.All(pages, e => Assert.Equal(1, e.ConcurrentForHost));
    }
}
