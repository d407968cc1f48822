using OrleansCrawler.Bench.Crawling;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Bench.Tests;

public class CrawlCheckTests
{
    private static PageRecord Page(string url, int status = 200, string contentType = "text/html; charset=utf-8") =>
        new("job", url, url, status, 0, null, 0, contentType, 100, DateTimeOffset.UnixEpoch, null);

    [Fact]
    public void Of_SameHtmlPagesPlusOtherUrls_IsExact()
    {
        var check = CrawlCheck.Of(["http://a:1/", "http://a:1/s1/p1.html"],
            [Page("http://a:1/"), Page("http://a:1/s1/p1.html"), Page("http://a:1/img/1.png", contentType: "image/png"), Page("http://a:1/missing", 404)]);

        Assert.True(check.IsExact, check.ToString());
        Assert.Equal(4, check.UrlsFetched);
    }

    [Fact]
    public void Of_MissingAndExtraPages_IsNotExactAndNamesThem()
    {
        var check = CrawlCheck.Of(["http://a:1/", "http://a:1/s1/p1.html"], [Page("http://a:1/"), Page("http://a:1/private/p9.html")]);

        Assert.False(check.IsExact);
        Assert.Equal(["http://a:1/s1/p1.html"], check.Missing);
        Assert.Equal(["http://a:1/private/p9.html"], check.Extra);
        Assert.StartsWith("MISMATCH", check.ToString(), StringComparison.Ordinal);
    }
}
