using OrleansCrawler.Core.Parsing;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;
using OrleansCrawler.Pipeline.Features;
using OrleansCrawler.Pipeline.Jobs;
using OrleansCrawler.Pipeline.Pages;
using OrleansCrawler.Pipeline.Tests.Fakes;

namespace OrleansCrawler.Pipeline.Tests.Features;

public sealed class LinkGraphFeatureTests
{
    private readonly MemoryLinkStore _store = new();

    [Fact]
    public void IsOn_OnlyForJobsThatAskForTheGraph_AndReadsTheDocument()
    {
        var feature = new LinkGraphFeature(_store);

        Assert.False(feature.IsEnabled(Make.Job("http://a.test/")));
        Assert.True(feature.IsEnabled(Make.Job(new JobSettings { Seeds = ["http://a.test/"], LinkGraph = true })));
        Assert.Equal(PageParse.Document, feature.Parse);
    }

    [Fact]
    public async Task ThroughThePagePipeline_EveryOutlinkIsStored_WithAnchorRelAndScope_NofollowOnesIncluded()
    {
        var jobs = new JobRuntimeRegistry();
        jobs.GetOrAdd("job", new JobSettings { Seeds = ["http://a.test/"], LinkGraph = true });
        var page = new FetchedPage("job", "http://a.test/p", "http://a.test/p", 0, 200, "text/html", 100, DateTimeOffset.UnixEpoch, null,
            """<a href="/x">Ex</a> <a href="http://elsewhere.test/y" rel="nofollow">Why</a> <a href="/x">again</a>""");

        await new PagePipeline(jobs, new HtmlPageParser(), [new LinkGraphFeature(_store)]).ProcessAsync(page, "silo");

        var saved = Assert.Single(_store.Pages);
        Assert.Equal(("job", "http://a.test/p"), (saved.JobId, saved.Url));
        Assert.Equal([new Outlink("http://a.test/x", "Ex", null, true), new Outlink("http://elsewhere.test/y", "Why", "nofollow", false)], saved.Links);
    }

    [Fact]
    public async Task PageWithoutHtml_StoresNothing()
    {
        var jobs = new JobRuntimeRegistry();
        jobs.GetOrAdd("job", new JobSettings { Seeds = ["http://a.test/"], LinkGraph = true });
        var page = new FetchedPage("job", "http://a.test/img.png", "http://a.test/img.png", 1, 200, "image/png", 100, DateTimeOffset.UnixEpoch, null, null);

        await new PagePipeline(jobs, new HtmlPageParser(), [new LinkGraphFeature(_store)]).ProcessAsync(page, "silo");

        Assert.Empty(_store.Pages);
    }

    private sealed class MemoryLinkStore : ILinkStore
    {
        public List<PageOutlinks> Pages { get; } = [];

        public Task SaveAsync(PageOutlinks page, CancellationToken cancellationToken = default)
        {
            lock (Pages)
            {
                Pages.Add(page);
            }

            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<PageOutlinks>> ReadPageAsync(string jobId, string? afterUrl, int limit, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<PageOutlinks>>(Pages);
    }
}
