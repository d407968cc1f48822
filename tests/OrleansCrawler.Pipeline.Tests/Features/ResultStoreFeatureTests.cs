using OrleansCrawler.Core.Parsing;
using OrleansCrawler.Core.Results;
using OrleansCrawler.Pipeline.Features;
using OrleansCrawler.Pipeline.Pages;
using OrleansCrawler.Pipeline.Tests.Fakes;

namespace OrleansCrawler.Pipeline.Tests.Features;

public sealed class ResultStoreFeatureTests
{
    [Fact]
    public async Task FetchedPage_IsStoredWithWhatTheParserFound()
    {
        var store = new MemoryPageStore();
        const string Html = "<title> Hello </title><link rel=canonical href=/c><meta name=robots content=noindex><a href=/1>1</a><a href=/2>2</a>";
        var page = new FetchedPage("job", "http://a.test/p", "http://a.test/p?x", 3, 200, "text/html", 123, DateTimeOffset.UnixEpoch, null, Html);
        var context = new PageContext(page, Make.Job("http://a.test/"), new HtmlPageParser().Parse(Html, new Uri(page.FinalUrl)), "silo");

        await new ResultStoreFeature(store).RunAsync(context);

        Assert.Equal(new PageRecord("job", "http://a.test/p", "http://a.test/p?x", 200, 3, "Hello", 2, "text/html", 123, DateTimeOffset.UnixEpoch, null,
            "http://a.test/c", NoIndex: true), Assert.Single(store.Records));
    }

    [Fact]
    public async Task UrlStoppedBeforeItsFetch_IsStoredWithItsReason()
    {
        var store = new MemoryPageStore();
        var page = new FetchedPage("job", "http://a.test/x", "http://a.test/x", 1, 0, null, 0, DateTimeOffset.UnixEpoch, "trap: url-too-long (3000 > 2048 characters)", null);

        await new ResultStoreFeature(store).RunAsync(new PageContext(page, Make.Job("http://a.test/"), null, "silo"));

        var record = Assert.Single(store.Records);
        Assert.Equal((0, 0, null, "trap: url-too-long (3000 > 2048 characters)"), (record.Status, record.Outlinks, record.Title, record.Error));
    }
}
