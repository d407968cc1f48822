using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Results;
using OrleansCrawler.Core.Urls;
using OrleansCrawler.TestSite;
using Xunit.Abstractions;

namespace OrleansCrawler.Grains.Tests;

/// <summary>Near-duplicate detection (<c>--dedup</c>) through the real grains over two silos: the test web's copies of
/// article pages (often on another host, so fetched by another silo) are recorded as duplicates of a page of the same
/// article, look-alikes and other pages are not; and the same body under two URLs is an exact duplicate (distance 0).</summary>
public sealed class DuplicatePipelineTests(ITestOutputHelper output) : IAsyncLifetime
{
    private CrawlerTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await CrawlerTestCluster.StartAsync(2, "ocrawl-dedup-");

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    /// <summary>The index keeps each job's grain references; each must be the grain of the key the index's layout names
    /// (block, top bits of the block's value, job), for every block and range, and for two jobs in turn.</summary>
    [Fact]
    public void IndexGrainReferences_AreTheGrainsOfTheirKeys()
    {
        var index = new OrleansCrawler.Grains.Dedup.GrainDuplicateIndex(_cluster.Client, TimeProvider.System);
        var random = new Random(3);
        for (var round = 0; round < 2_000; round++)
        {
            var job = round % 3 == 0 ? "job-a" : "job-b";
            var fingerprint = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 33);
            var block = random.Next(OrleansCrawler.Core.Dedup.FingerprintBlocks.Count);
            var key = OrleansCrawler.Abstractions.Dedup.DuplicateIndexKey.Of(job, block, OrleansCrawler.Core.Dedup.FingerprintBlocks.Of(fingerprint, block));

            Assert.Equal(_cluster.Client.GetGrain<OrleansCrawler.Abstractions.Dedup.IDuplicateIndexGrain>(key), index.Grain(job, block, fingerprint));
        }
    }

    [Fact]
    public async Task Crawl_TwoSilos_FindsTheWebsCopiesAcrossSilos_AndNothingElse()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 300, Hosts = 24, Seed = 4, ArticlePercent = 60, DuplicatePercent = 40 });
        var spec = new JobSpec([.. web.Seeds.Select(UrlNormalizer.Normalize)], 0, -1, ScopeKind.Host, [], [],
            Concurrency: 16, PerHostConcurrency: 2, PartitionCount: 48, UserAgent: JobSpec.DefaultUserAgent) { Dedup = true };

        var status = await _cluster.CrawlAsync("dedup-1", spec, TimeSpan.FromMinutes(4));

        Assert.Equal(JobState.Completed, status.State);
        var perSilo = await _cluster.ResultsPerSiloAsync("dedup-1");
        var siloOf = perSilo.SelectMany((records, silo) => records.Select(r => (r.Url, silo))).ToDictionary(p => p.Url, p => p.silo);
        var records = perSilo.SelectMany(r => r).Where(r => r.Status == 200).ToList();
        var family = records.ToDictionary(r => r.Url, r => FamilyOf(web, r.Url));
        var marked = records.Where(r => r.DuplicateOf is not null).ToList();
        var wrong = marked.Where(r => !family.TryGetValue(r.DuplicateOf!, out var f) || f != family[r.Url]).ToList();
        // Copies of one article: all but the first of each family crawled should be marked (near-duplicate is not
        // transitive, so a copy 4 bits from the first may be marked as the duplicate of another copy, or missed).
        var expected = records.GroupBy(r => family[r.Url]).Sum(g => g.Count() - 1);
        var acrossSilos = marked.Count(r => siloOf[r.Url] != siloOf[r.DuplicateOf!]);
        output.WriteLine($"{records.Count} pages, {expected} expected duplicates, {marked.Count} marked, {wrong.Count} wrong, {acrossSilos} across silos, pages per silo {string.Join("/", perSilo.Select(r => r.Count))}");

        Assert.Empty(wrong.Select(r => $"{r.Url} marked a duplicate of {r.DuplicateOf}"));
        Assert.All(perSilo, pages => Assert.NotEmpty(pages));
        Assert.True(expected >= 15, $"the crawl met too few copies ({expected})");
        Assert.True(marked.Count >= expected * 0.9, $"only {marked.Count} of {expected} duplicates found");
        Assert.True(acrossSilos > 0, "no duplicate was found on another silo than its original");
        Assert.All(marked, r => Assert.InRange(r.DuplicateDistance, 0, 3));
        Assert.All(records.Where(r => r.DuplicateOf is null), r => Assert.Equal(0, r.DuplicateDistance));
    }

    [Fact]
    public async Task Crawl_SameBodyUnderTwoUrls_IsAnExactDuplicate_OfTheFirstFetched()
    {
        const string article = "<article><h1>Harbour lights</h1><p>The ferry left the harbour at dawn and the gulls followed it out past the breakwater, "
            + "calling over the grey water while the lighthouse keeper wrote the weather into his book.</p></article>";
        await using var web = new TinyWeb()
            .Html("/", """<a href="/a">a</a> <a href="/b">b</a> <a href="/c">c</a>""")
            .Html("/a", article).Html("/b", article)
            .Html("/c", "<article><h1>Mountain pass</h1><p>Snow closed the mountain pass for a week, and the village below waited for the thaw "
                + "with its stores of grain and its radio tuned to the valley station.</p></article>");
        var spec = new JobSpec([web.Root + "/"], 0, -1, ScopeKind.Host, [], [], 16, 1, 4, JobSpec.DefaultUserAgent) { Dedup = true };

        Assert.Equal(JobState.Completed, (await _cluster.CrawlAsync("dedup-exact", spec, TimeSpan.FromMinutes(2))).State);

        var records = (await _cluster.ResultsPerSiloAsync("dedup-exact")).SelectMany(r => r).ToDictionary(r => new Uri(r.Url).AbsolutePath);
        var (a, b) = (records["/a"], records["/b"]);
        var (copy, first) = a.DuplicateOf is null ? (b, a) : (a, b);
        Assert.Equal(first.Url, copy.DuplicateOf);
        Assert.Equal(0, copy.DuplicateDistance);
        Assert.Null(first.DuplicateOf);
        Assert.Null(records["/c"].DuplicateOf);
        Assert.Null(records["/"].DuplicateOf);
    }

    [Fact]
    public async Task Index_RefetchIsNotItsOwnDuplicate_AndOfTwoNearDuplicatesCheckedAtOnceExactlyOneIsMarked()
    {
        var index = new Dedup.GrainDuplicateIndex(_cluster.Client, TimeProvider.System);
        Assert.Null((await index.CheckAsync("dedup-index", "http://a.test/1", 0x0123_4567_89AB_CDEFUL, 1)).DuplicateOf);
        Assert.Null((await index.CheckAsync("dedup-index", "http://a.test/1", 0x0123_4567_89AB_CDEFUL, 1)).DuplicateOf);
        Assert.Equal(("http://a.test/1", 0), await index.CheckAsync("dedup-index", "http://a.test/same-body", 0x0123_4567_89AB_CDEFUL, 1) is var e ? (e.DuplicateOf, e.Distance) : default);

        var random = new Random(5);
        for (var pair = 0; pair < 40; pair++)
        {
            // Two bits apart, in blocks 0 and 2 (they share blocks 1 and 3): two tables see the pair, one decides it.
            var first = (ulong)random.NextInt64();
            var second = first ^ (1UL << (48 + random.Next(16))) ^ (1UL << (16 + random.Next(16)));
            var (a, b) = ($"http://a.test/p{pair}", $"http://b.test/p{pair}");
            var verdicts = await Task.WhenAll(index.CheckAsync("dedup-race", a, first, (ulong)pair * 2 + 10), index.CheckAsync("dedup-race", b, second, (ulong)pair * 2 + 11));

            Assert.Single(verdicts, v => v.IsDuplicate);
            var marked = verdicts.Single(v => v.IsDuplicate);
            Assert.Equal((marked == verdicts[0] ? b : a, 2), (marked.DuplicateOf, marked.Distance));
        }
    }

    /// <summary>The article a page carries: the original's (host, page) for a near-duplicate copy, the page's own
    /// otherwise (look-alikes included).</summary>
    private static (int, int) FamilyOf(TestWeb web, string url)
    {
        var (host, page) = web.Pages.PageAt(url) ?? (-1, url.GetHashCode(StringComparison.Ordinal));
        if (host < 0)
        {
            return (host, page);
        }

        var copy = web.Pages.CopyOf(host, page);
        return copy.IsNearDuplicate ? (copy.Host, copy.Page) : (host, page);
    }
}
