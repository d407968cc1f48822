using OrleansCrawler.Core.Ports;
using OrleansCrawler.Abstractions.Jobs;

namespace OrleansCrawler.Grains.Tests;

/// <summary>rel=nofollow, meta robots, X-Robots-Tag and canonical links through the real grain pipeline (real HTTP
/// fetcher, parser grain, SQLite), against a tiny server of crafted pages.</summary>
public class PageDirectivesPipelineTests(CrawlerFixture fixture) : IClassFixture<CrawlerFixture>
{
    [Fact]
    public async Task Crawl_PagesWithDirectives_FollowsRecordsAndSkipsAsTheyAsk()
    {
        await using var web = new TinyWeb()
            .Html("/", """
                <title>home</title>
                <a href="/meta-nofollow">1</a> <a href="/header-none">2</a> <a href="/noindex">3</a> <a href="/canon">4</a>
                <a href="/skipped-rel" rel="external NoFollow">5</a>
                """)
            .Html("/meta-nofollow", """<meta name="robots" content="nofollow"><a href="/never-1">x</a>""")
            .Html("/header-none", """<a href="/never-2">x</a>""", robotsTag: "none")
            .Html("/noindex", """<meta name="ROBOTS" content="noindex"><a href="/from-noindex">x</a>""")
            .Html("/canon", """<link rel="canonical" href="/Home/../"><a href="/">home</a>""")
            .Html("/from-noindex", "<title>reached</title>")
            .Html("/skipped-rel", "x").Html("/never-1", "x").Html("/never-2", "x");
        var spec = new JobSpec([web.Root + "/"], 0, -1, ScopeKind.Host, [], [], 16, 2, 4, JobSpec.DefaultUserAgent);

        await fixture.Crawler.StartJobAsync("directives", spec);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var status = await fixture.Crawler.WaitAsync("directives", cancellationToken: timeout.Token);

        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal(["/", "/canon", "/from-noindex", "/header-none", "/meta-nofollow", "/noindex", "/robots.txt"],
            web.Requests.Order(StringComparer.Ordinal));
        var records = (await fixture.Crawler.Store.ReadAsync("directives").ToListAsync()).ToDictionary(r => new Uri(r.Url).AbsolutePath);
        Assert.Equal(6, records.Count);
        Assert.Equal(web.Root + "/", records["/canon"].Canonical);
        Assert.True(records["/noindex"].NoIndex);
        Assert.True(records["/header-none"].NoIndex);
        Assert.Equal(0, records["/header-none"].Outlinks);
        Assert.Equal(0, records["/meta-nofollow"].Outlinks);
        Assert.False(records["/meta-nofollow"].NoIndex);
        Assert.Equal(4, records["/"].Outlinks);
        Assert.All(records.Where(r => r.Key is not ("/noindex" or "/header-none")), r => Assert.False(r.Value.NoIndex));
        Assert.All(records.Where(r => r.Key != "/canon"), r => Assert.Null(r.Value.Canonical));
    }
}
