using OrleansCrawler.Core.Parsing;
using OrleansCrawler.Core.Scope;
using OrleansCrawler.Core.Urls;
using OrleansCrawler.Pipeline.Features;
using OrleansCrawler.Pipeline.Jobs;
using OrleansCrawler.Pipeline.Pages;
using OrleansCrawler.Pipeline.Tests.Fakes;

namespace OrleansCrawler.Pipeline.Tests.Features;

public sealed class LinkRoutingFeatureTests
{
    private static PageContext Context(JobRuntime job, FetchedPage page) =>
        new(page, job, page.Html is null ? null : new HtmlPageParser().Parse(page.Html, new Uri(page.FinalUrl)), "silo");

    private static FetchedPage Html(string url, string html, int depth = 0) =>
        new("job", url, url, depth, 200, "text/html", html.Length, DateTimeOffset.UnixEpoch, null, html);

    [Fact]
    public async Task InScopeLinks_GoOneDeeper_ToThePartitionOfTheirHost()
    {
        var job = Make.Job(new JobSettings { Seeds = ["http://a.test/", "http://b.test/"], PartitionCount = 8 });
        var router = new RecordingRouter();
        var page = Html("http://a.test/", "<a href=/1>1</a><a href=http://b.test/2>2</a><a href=http://elsewhere.test/3>3</a>", depth: 1);

        await new LinkRoutingFeature(router).RunAsync(Context(job, page));

        var partitioner = new HostPartitioner(8);
        Assert.Equal([(partitioner.PartitionOf("http://a.test/1"), "http://a.test/1", 2), (partitioner.PartitionOf("http://b.test/2"), "http://b.test/2", 2)],
            router.Routed.Select(r => (r.Partition, r.Link.Url, r.Link.Depth)).OrderBy(r => r.Url, StringComparer.Ordinal));
        Assert.Equal(UrlFingerprint.Of("http://a.test/1"), router.Routed.Single(r => r.Link.Url == "http://a.test/1").Link.Fingerprint);
    }

    [Fact]
    public async Task LinksAlreadyRouted_AreNotSentAgain()
    {
        var job = Make.Job("http://a.test/");
        var router = new RecordingRouter();
        var feature = new LinkRoutingFeature(router);

        await feature.RunAsync(Context(job, Html("http://a.test/", "<a href=/1>1</a>")));
        await feature.RunAsync(Context(job, Html("http://a.test/2", "<a href=/1>1</a><a href=/3>3</a>")));

        Assert.Equal(["http://a.test/1", "http://a.test/3"], router.Routed.Select(r => r.Link.Url));
    }

    [Fact]
    public async Task AtTheDepthLimit_NoLinksAreRouted_ButARedirectTargetIs_AtTheSameDepth()
    {
        var job = Make.Job(new JobSettings { Seeds = ["http://a.test/"], MaxDepth = 1, Scope = ScopeMode.Any });
        var router = new RecordingRouter();
        var feature = new LinkRoutingFeature(router);

        await feature.RunAsync(Context(job, Html("http://a.test/deep", "<a href=/x>x</a>", depth: 1)));
        var redirect = new FetchedPage("job", "http://a.test/moved", "http://a.test/moved", 1, 301, null, 0, DateTimeOffset.UnixEpoch, null, null,
            RedirectTo: "http://b.test/new");
        await feature.RunAsync(Context(job, redirect));

        var routed = Assert.Single(router.Routed);
        Assert.Equal(("http://b.test/new", 1), (routed.Link.Url, routed.Link.Depth));
    }

    [Fact]
    public async Task NofollowPage_RoutesNothing()
    {
        var job = Make.Job("http://a.test/");
        var router = new RecordingRouter();

        await new LinkRoutingFeature(router).RunAsync(Context(job, Html("http://a.test/", "<meta name=robots content=nofollow><a href=/1>1</a>")));

        Assert.Empty(router.Routed);
        Assert.Equal(0, router.Calls);
    }
}
