using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Urls;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Grains.Tests;

/// <summary>Two jobs crawling one host at once, judged from the test web's request log: the host's per-host limit and
/// delay hold for both jobs together (politeness across jobs), not for each job alone.</summary>
public static class SharedHostAssertions
{
    public static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(200);

    /// <summary>The crawler clocks a request when it was written to its connection; the log, when the server's handler
    /// began (after Kestrel parsed it and a pool thread was free). That stamp is never early but can be late: on this
    /// loaded machine (two cores, three silos and the web in one process, load average 30-45) one request was stamped
    /// ~400 ms late, so the gap before it grew by as much as the gap after it shrank (measured: 615 ms, then 80 ms).
    /// Hence a short gap passes only when it has that signature: the two gaps around the late request together are at
    /// least twice the delay. Two clocks for one host (the failure guarded against: two jobs each with its own clock)
    /// interleave, so two consecutive gaps add up to one delay (4-10 ms gaps were measured on the old code). The
    /// sum of all gaps telescopes to the first and last requests' own lateness, so the whole run is held to the full
    /// delay per request.</summary>
    public static readonly TimeSpan Tolerance = Delay / 4;

    /// <summary>One host, a small web: each job fetches every page once, so the host sees twice its pages.</summary>
    public static TestWebOptions Web(int seed) => new() { Pages = 24, Hosts = 1, Seed = seed };

    /// <summary>Per-host 1 and a 0.2 s delay, each job on its own.</summary>
    public static JobSpec Spec(TestWeb web) =>
        new JobSpec([.. web.Seeds.Select(UrlNormalizer.Normalize)], 0, -1, ScopeKind.Host, [], [@"/(img|docs|missing)/"], Concurrency: 16,
            PerHostConcurrency: 1, PartitionCount: 4, UserAgent: JobSpec.DefaultUserAgent) with { MinDelay = Delay };

    /// <summary>Page requests (robots.txt is fetched once per job before its first page, outside the turns) never
    /// overlap and start at least the delay apart, whichever job sent them; both jobs fetched every page.</summary>
    public static void BothJobsSharedOneClock(TestWeb web, int pagesPerJob)
    {
        var pages = web.RequestLog.Snapshot().Where(e => e.PathAndQuery != "/robots.txt").OrderBy(e => e.Time).ToList();
        Assert.True(pages.Count >= 2 * pagesPerJob, $"{pages.Count} page requests, {pagesPerJob} pages per job");
        Assert.All(pages.GroupBy(e => e.PathAndQuery), g => Assert.Equal(2, g.Count()));
        for (var i = 1; i < pages.Count; i++)
        {
            var (before, after) = (pages[i - 1], pages[i]);
            var gap = after.Time - before.Time;
            var loggedLate = i >= 2 && after.Time - pages[i - 2].Time >= (2 * Delay) - Tolerance;
            Assert.True(gap >= Delay - Tolerance || loggedLate,
                $"{gap.TotalMilliseconds:0.#} ms between {before.PathAndQuery} and {after.PathAndQuery} (request {i} of {pages.Count}), delay {Delay.TotalMilliseconds} ms; gaps around: {Gaps(pages, i - 3, i + 3)}");
            Assert.True(after.Time >= before.End,
                $"{after.PathAndQuery} started {(before.End - after.Time).TotalMilliseconds:0.#} ms before {before.PathAndQuery} ended: two in flight, per-host 1");
        }

        // Less one delay for the first request's own lateness (its new connection).
        var span = pages[^1].Time - pages[0].Time;
        Assert.True(span >= (pages.Count - 2) * Delay,
            $"{pages.Count} page requests in {span.TotalMilliseconds:0} ms, at least {(pages.Count - 2) * Delay.TotalMilliseconds:0} ms expected with a {Delay.TotalMilliseconds} ms delay");
    }

    private static string Gaps(List<RequestLogEntry> pages, int from, int to) =>
        string.Join(' ', Enumerable.Range(Math.Max(1, from), Math.Min(pages.Count - 1, to) - Math.Max(1, from) + 1)
            .Select(i => $"{(pages[i].Time - pages[i - 1].Time).TotalMilliseconds:0}"));
}
