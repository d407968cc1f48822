using AngleSharp.Html.Parser;
using OrleansCrawler.Core.Parsing;
using OrleansCrawler.Pipeline.Features;
using OrleansCrawler.Pipeline.Jobs;
using OrleansCrawler.Pipeline.Pages;
using OrleansCrawler.Pipeline.Ports;
using OrleansCrawler.Pipeline.Tests.Fakes;

namespace OrleansCrawler.Pipeline.Tests.Features;

/// <summary>The dedup feature with the result store and the link router after it, as the pipeline runs them: the row
/// waits for the verdict and records it; with --skip-duplicates a duplicate's links are not routed, a new page's are.</summary>
public sealed class DuplicateFeatureTests
{
    private const string Article = "<article><h1>Harbour</h1><p>The ferry left the harbour at dawn and the gulls followed it past the breakwater.</p>"
        + "<a href=/next>next</a></article>";

    private static PageContext Context(JobRuntime job, string url, string html)
    {
        var page = new FetchedPage("job", url, url, 0, 200, "text/html", html.Length, DateTimeOffset.UnixEpoch, null, html);
        return new(page, job, new HtmlPageParser().Parse(html, new Uri(url)), "silo", new HtmlParser().ParseDocument(html));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Duplicate_IsRecorded_AndItsLinksAreFollowedOnlyWithoutSkip(bool skip)
    {
        var job = Make.Job(new JobSettings { Seeds = ["http://a.test/"], Dedup = true, SkipDuplicates = skip });
        var index = new GatedIndex();
        var store = new MemoryPageStore();
        var router = new RecordingRouter();
        IPageFeature[] features = [new DuplicateFeature(index), new ResultStoreFeature(store), new LinkRoutingFeature(router)];
        var page = Context(job, "http://a.test/copy", Article);

        var running = features.Select(f => f.RunAsync(page)).ToList();
        Assert.False(running[1].IsCompleted); // the row waits for the verdict
        Assert.Equal("http://a.test/copy", index.Url);
        Assert.Equal(DuplicateFeature.DigestOf(Article), index.Digest);
        index.Answer(new DuplicateVerdict("http://a.test/first", 2));
        await Task.WhenAll(running);

        var row = Assert.Single(store.Records);
        Assert.Equal(("http://a.test/first", 2), (row.DuplicateOf, row.DuplicateDistance));
        Assert.Equal(skip ? [] : ["http://a.test/next"], router.Routed.Select(r => r.Link.Url));
        Assert.NotNull(index.Fingerprint);
    }

    [Fact]
    public async Task NewPage_WithSkip_IsRecordedWithoutDuplicate_AndItsLinksAreFollowed()
    {
        var job = Make.Job(new JobSettings { Seeds = ["http://a.test/"], Dedup = true, SkipDuplicates = true });
        var index = new GatedIndex();
        var store = new MemoryPageStore();
        var router = new RecordingRouter();
        IPageFeature[] features = [new DuplicateFeature(index), new ResultStoreFeature(store), new LinkRoutingFeature(router)];

        var running = features.Select(f => f.RunAsync(Context(job, "http://a.test/first", Article))).ToList();
        index.Answer(DuplicateVerdict.New);
        await Task.WhenAll(running);

        var row = Assert.Single(store.Records);
        Assert.Null(row.DuplicateOf);
        Assert.Equal(["http://a.test/next"], router.Routed.Select(r => r.Link.Url));
    }

    /// <summary>An index whose answer the test gives, after seeing what it was asked.</summary>
    private sealed class GatedIndex : IDuplicateIndex
    {
        private readonly TaskCompletionSource<DuplicateVerdict> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string? Url { get; private set; }

        public ulong? Fingerprint { get; private set; }

        public ulong Digest { get; private set; }

        public void Answer(DuplicateVerdict verdict) => _answer.SetResult(verdict);

        public Task<DuplicateVerdict> CheckAsync(string jobId, string url, ulong? fingerprint, ulong digest)
        {
            (Url, Fingerprint, Digest) = (url, fingerprint, digest);
            return _answer.Task;
        }
    }
}
