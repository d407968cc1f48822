namespace OrleansCrawler.TestSite.Tests;

public sealed class TruthCrossCheckTests
{
    /// <summary>The truth comes from the graph model; an independent crawl of what is actually served must agree.</summary>
    [Fact]
    public async Task Truth_EqualsAnIndependentCrawl_OfA200PageWeb()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 200, Hosts = 4, Seed = 5 });
        using var client = WebHelpers.CreateClient();

        var crawled = await new IndependentCrawler(client, [.. web.Authorities]).CrawlAsync(web.Seeds);
        var truth = web.ComputeTruth();

        Assert.Equal(truth, crawled);
        Assert.True(truth.Count < 200, "some pages should be unreachable or disallowed");
    }
}
