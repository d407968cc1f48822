using OrleansCrawler.Core.Ports;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Results;
using OrleansCrawler.Core.Urls;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Grains.Tests;

/// <summary>Each fault mode of the test web, crawled through the real grain pipeline (embedded silo, real HTTP, SQLite).
/// Host 1 of a 4-host web is faulty. Every test checks that the crawl completes with exact accounting, that the HTML
/// fetched is exactly the web's fault-aware truth (so the healthy hosts are crawled completely), that every URL the
/// fault destroyed is recorded with a reason, that the silo still answers, and the request log's per-host concurrency.</summary>
// Alone, like the timing tests: the retained-memory bound is measured over the whole test process, so no other
// crawl may run beside these.
[Collection(TimingCollection.Name)]
public class FaultPipelineTests(FaultCrawlerFixture fixture) : IClassFixture<FaultCrawlerFixture>
{
    private const int FaultyHost = 1;
    private const int PerHost = 2;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    private static JobSpec Spec(TestWeb web, ScopeKind scope = ScopeKind.Host, int parkAfter = 50) =>
        new JobSpec([.. web.Seeds.Select(UrlNormalizer.Normalize)], 0, -1, scope, [], [], Concurrency: 64, PerHostConcurrency: PerHost,
            PartitionCount: 8, UserAgent: JobSpec.DefaultUserAgent) with
        {
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryDelay = TimeSpan.FromMilliseconds(200),
            ParkAfterFailures = parkAfter,
            ParkDuration = TimeSpan.FromMilliseconds(300),
            MaxQueryVariants = 20,
        };

    private static Task<TestWeb> StartWebAsync(HostFault? fault, int seed) => TestWeb.StartAsync(new TestWebOptions
    {
        Pages = 300,
        Hosts = 4,
        Seed = seed,
        Faults = fault is null ? new Dictionary<int, HostFault>() : new Dictionary<int, HostFault> { [FaultyHost] = fault },
    });

    private async Task<(JobStatus Status, List<PageRecord> Records)> CrawlAsync(string jobId, JobSpec spec)
    {
        using var timeout = new CancellationTokenSource(Limit);
        await fixture.Crawler.StartJobAsync(jobId, spec);
        var status = await fixture.Crawler.WaitAsync(jobId, interval: TimeSpan.FromMilliseconds(100), cancellationToken: timeout.Token);
        var records = await fixture.Crawler.Store.ReadAsync(jobId).ToListAsync();
        return (status, records);
    }

    /// <param name="abandonsBodies">The crawler hangs up in the middle of bodies (too slow, too large): the server notices
    /// a moment later, so for that moment it still counts the abandoned request as in flight beside the next one.</param>
    private async Task AssertCompleteAsync(TestWeb web, JobStatus status, List<PageRecord> records, bool abandonsBodies = false)
    {
        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal(status.Counters.Accepted, status.Counters.Settled);
        Assert.Equal(0, status.Counters.Queued + status.Counters.InFlight);
        var errors = string.Join("; ", records.Where(r => r.Error is not null).GroupBy(r => r.Error![..Math.Min(r.Error!.Length, 60)]).Select(g => $"{g.Count()}x {g.Key}").Take(8));
        Assert.True(web.ComputeTruth().Count > 0, errors);
        CrawlAssertions.FetchedHtmlEqualsTruth(web.ComputeTruth(), records, errors);
        Assert.All(records.Where(r => r.Status == 0), r => Assert.NotNull(r.Error));
        var log = web.RequestLog.Snapshot();
        var limit = PerHost + (abandonsBodies ? 1 : 0);
        Assert.True(log.Max(e => e.ConcurrentForHost) <= limit, $"{log.Max(e => e.ConcurrentForHost)} concurrent requests on one host");
        // The silo is still up and serving grain calls.
        Assert.Equal(JobState.NotFound, (await fixture.Crawler.Grains.GetGrain<ICrawlJobGrain>("no-such-job-" + Guid.NewGuid()).GetStatusAsync()).State);
        // Memory stays bounded: nothing a hostile page sent (huge bodies, bombs) is retained once the crawl is over.
        // Measured 27-55 MiB here (the silo, the test web and the test share this process); one retained bomb
        // (64 MiB decompressed) or huge page (16 MiB, several fetched) would break the bound.
        var retained = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(retained < MaxRetainedBytes, $"{retained / 1048576} MiB of managed memory retained after the crawl");
    }

    private const long MaxRetainedBytes = 128L * 1024 * 1024;

    public static TheoryData<FaultMode, string> LostPages => new()
    {
        { FaultMode.SlowResponse, "timeout" },
        { FaultMode.SlowDrip, "slow-body" },
        { FaultMode.Truncated, "truncated" },
        // A 16 MiB body on a loaded machine can also stall for a whole slow-body window before the limit is reached.
        { FaultMode.HugePage, "too-large|slow-body" },
        { FaultMode.GzipBomb, "too-large|slow-body" },
        { FaultMode.RedirectLoop, "redirect-loop" },
        { FaultMode.BinaryAsHtml, "binary" },
    };

    [Theory]
    [MemberData(nameof(LostPages))]
    public async Task Crawl_PagesAFaultDestroys_AreRecordedWithTheirReason_AndTheRestIsComplete(FaultMode mode, string reason)
    {
        await using var web = await StartWebAsync(new HostFault(mode) { Delay = TimeSpan.FromSeconds(4) }, seed: 21);

        // Few retries: timeouts and truncation are retried, and every retry of a slow page costs seconds.
        var (status, records) = await CrawlAsync("lost-" + mode, Spec(web) with { MaxRetries = mode == FaultMode.SlowResponse ? 0 : 1 });

        await AssertCompleteAsync(web, status, records, abandonsBodies: mode is FaultMode.SlowDrip or FaultMode.HugePage or FaultMode.GzipBomb);
        var affected = web.AffectedPageUrls(FaultyHost).ToHashSet(StringComparer.Ordinal);
        var hit = records.Where(r => affected.Contains(r.Url)).ToList();
        Assert.NotEmpty(hit);
        Assert.All(hit, r => Assert.Matches(reason, r.Error));
    }

    [Theory]
    [InlineData(FaultMode.ServerErrorBurst)]
    [InlineData(FaultMode.RetryAfterSeconds)]
    [InlineData(FaultMode.RetryAfterDate)]
    [InlineData(FaultMode.RedirectChain)]
    [InlineData(FaultMode.CrossHostRedirect)]
    [InlineData(FaultMode.MalformedHtml)]
    [InlineData(FaultMode.WrongCharset)]
    [InlineData(FaultMode.MissingCharset)]
    [InlineData(FaultMode.RobotsNotFound)]
    [InlineData(FaultMode.RobotsHuge)]
    [InlineData(FaultMode.RobotsMalformed)]
    [InlineData(FaultMode.RobotsRedirect)]
    public async Task Crawl_FaultsACrawlerMustRideOut_StillFetchTheWholeTruth(FaultMode mode)
    {
        await using var web = await StartWebAsync(new HostFault(mode) { Count = 2 }, seed: 22);

        var (status, records) = await CrawlAsync("harmless-" + mode, Spec(web));

        await AssertCompleteAsync(web, status, records);
        if (mode is FaultMode.ServerErrorBurst or FaultMode.RetryAfterSeconds or FaultMode.RetryAfterDate)
        {
            Assert.True(status.Counters.Retries >= 2, $"{status.Counters.Retries} retries");
        }
    }

    [Theory]
    [InlineData(FaultMode.RobotsServerError)]
    [InlineData(FaultMode.RobotsTimeout)]
    public async Task Crawl_RobotsUnreachable_FetchesNothingOnThatHost(FaultMode mode)
    {
        await using var web = await StartWebAsync(new HostFault(mode) { Delay = TimeSpan.FromSeconds(3) }, seed: 23);

        var (status, records) = await CrawlAsync("robots-" + mode, Spec(web));

        await AssertCompleteAsync(web, status, records);
        Assert.DoesNotContain(records, r => new Uri(r.Url).Authority == web.Authorities[FaultyHost]);
        Assert.All(web.RequestLog.Snapshot().Where(e => e.Authority == web.Authorities[FaultyHost]), e => Assert.Equal("/robots.txt", e.PathAndQuery));
        Assert.True(status.Counters.RobotsDenied > 0);
    }

    [Fact]
    public async Task Crawl_HostFailingForever_IsParkedThenGivenUp_NotHammered()
    {
        await using var web = await StartWebAsync(new HostFault(FaultMode.ServerErrorForever), seed: 24);

        var (status, records) = await CrawlAsync("dead-host", Spec(web, parkAfter: 5));

        await AssertCompleteAsync(web, status, records);
        var dead = web.Authorities[FaultyHost];
        var ofDead = records.Where(r => new Uri(r.Url).Authority == dead).ToList();
        Assert.True(ofDead.Count > 1, "links from the healthy hosts lead to the dead one");
        Assert.All(ofDead, r => Assert.NotNull(r.Error));
        Assert.Contains(ofDead, r => r.Error!.StartsWith("host-given-up", StringComparison.Ordinal));
        Assert.Equal(1, status.Counters.HostsParked);
        Assert.Equal(1, status.Counters.HostsGivenUp);
        // Two streaks of five failures (one parking allowed), plus what was already in flight.
        var requests = web.RequestLog.Snapshot().Count(e => e.Authority == dead && e.PathAndQuery != "/robots.txt");
        Assert.InRange(requests, 10, 10 + PerHost);
    }

    [Fact]
    public async Task Crawl_CalendarAndEndlessPaths_AreCutOffAndRecordedAsTraps()
    {
        await using var web = await StartWebAsync(new HostFault(FaultMode.CalendarTrap), seed: 25);

        var (status, records) = await CrawlAsync("traps", Spec(web));

        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal(status.Counters.Accepted, status.Counters.Settled);
        var truth = web.ComputeTruth();
        var html = records.Where(CrawlAssertions.IsHtmlPage).Select(r => r.Url).ToHashSet(StringComparer.Ordinal);
        Assert.All(truth, u => Assert.Contains(u, html));
        var trapPages = html.Except(truth).ToList();
        Assert.All(trapPages, u => Assert.True(u.Contains("/calendar?", StringComparison.Ordinal) || u.Contains("/trap/", StringComparison.Ordinal), u));
        Assert.InRange(trapPages.Count(u => u.Contains("/calendar?", StringComparison.Ordinal)), 1, 20);
        Assert.InRange(trapPages.Count, 2, 300);
        Assert.Contains(records, r => r.Error is not null && r.Error.StartsWith("trap: query-variants", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Error is not null && r.Error.StartsWith("trap: repeated-segments", StringComparison.Ordinal));
        Assert.True(status.Counters.Refused > 0);
    }

    [Fact]
    public async Task Crawl_LinksAndRedirectsToANonSeedLoopbackServer_AreRefusedUnlessAllowed()
    {
        await using var other = await TestWeb.StartAsync(new TestWebOptions { Pages = 5, Hosts = 1 });
        await using var web = await StartWebAsync(new HostFault(FaultMode.ForeignLink) { Target = other.Seeds[0] }, seed: 26);
        web.SetFault(2, new HostFault(FaultMode.CrossHostRedirect) { Target = other.Seeds[0] + "s1/p1.html" });

        var (status, records) = await CrawlAsync("private", Spec(web, ScopeKind.Any));

        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal(0, other.RequestLog.Count);
        var refused = records.Where(r => r.Url.StartsWith(other.Seeds[0], StringComparison.Ordinal)).ToList();
        Assert.Equal(2, refused.Count);
        Assert.All(refused, r => Assert.StartsWith("private-address", r.Error));

        // With --allow-private the same crawl reaches it.
        await using var web2 = await StartWebAsync(new HostFault(FaultMode.ForeignLink) { Target = other.Seeds[0] }, seed: 26);
        var (allowed, _) = await CrawlAsync("private-allowed", Spec(web2, ScopeKind.Any) with { AllowPrivate = true, MaxDepth = 1 });
        Assert.Equal(JobState.Completed, allowed.State);
        Assert.True(other.RequestLog.Count > 0);
    }

    [Fact]
    public async Task Crawl_HostPageBudget_CapsEachHostAndRecordsTheRest()
    {
        await using var web = await StartWebAsync(null, seed: 27);

        var (status, records) = await CrawlAsync("budget", Spec(web) with { HostPageBudget = 10 });

        Assert.Equal(JobState.Completed, status.State);
        foreach (var authority in web.Authorities)
        {
            Assert.InRange(web.RequestLog.Snapshot().Count(e => e.Authority == authority && e.PathAndQuery != "/robots.txt"), 1, 10);
        }

        Assert.Contains(records, r => r.Error is not null && r.Error.StartsWith("host-budget", StringComparison.Ordinal));
    }
}
