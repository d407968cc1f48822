using OrleansCrawler.Core.Content;
using OrleansCrawler.Core.Parsing;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Pipeline.Features;
using OrleansCrawler.Pipeline.Jobs;
using OrleansCrawler.Pipeline.Pages;
using OrleansCrawler.Pipeline.Tests.Fakes;

namespace OrleansCrawler.Pipeline.Tests.Features;

public sealed class ContentFeatureTests
{
    private readonly MemoryContentStore _store = new();

    private const string Article = """
        <html lang="en"><body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/about">About</a></nav>
        <article><h1>The title</h1><p>The first paragraph of the article, with enough words, and commas, to be its main content.</p>
        <p>The second paragraph, which <a href="/more">links onwards</a> and goes on a little further.</p></article>
        <footer>Copyright footer text that is not content at all, really.</footer></body></html>
        """;

    [Fact]
    public void IsOn_OnlyForJobsThatAskForContent_AndReadsTheDocument()
    {
        var feature = new ContentFeature(_store);

        Assert.False(feature.IsEnabled(Make.Job("http://a.test/")));
        Assert.True(feature.IsEnabled(Make.Job(new JobSettings { Seeds = ["http://a.test/"], Content = ContentFormat.Text })));
        Assert.Equal(PageParse.Document, feature.Parse);
    }

    [Fact]
    public async Task ThroughThePagePipeline_TheMainContentIsStoredAsMarkdown_WithLanguageAndWords()
    {
        var page = await RunAsync(Article, "text/html");

        var saved = Assert.Single(_store.Pages);
        Assert.Equal(("job", page.Url, ContentFormat.Markdown, "en"), (saved.JobId, saved.Url, saved.Format, saved.Language));
        Assert.StartsWith("# The title\n\nThe first paragraph", saved.Body);
        Assert.Contains("[links onwards](http://a.test/more)", saved.Body);
        Assert.DoesNotContain("Home", saved.Body);
        Assert.DoesNotContain("Copyright", saved.Body);
        Assert.Equal(ContentExtractor.WordCount("The title The first paragraph of the article, with enough words, and commas, to be its main content. The second paragraph, which links onwards and goes on a little further."), saved.Words);
    }

    [Fact]
    public async Task PageWithoutHtml_OrBinary_StoresNothing_AndDoesNotThrow()
    {
        await RunAsync(null, "image/png");
        await RunAsync("\u0000\u0001PNG\u001a\u0000\u0000\uFFFD\uFFFD\u0003\u0004\u0005\u0006\u0007\u0008\u000e\u000f\u0010", "text/html");

        Assert.Empty(_store.Pages);
    }

    private async Task<FetchedPage> RunAsync(string? html, string contentType)
    {
        var jobs = new JobRuntimeRegistry();
        jobs.GetOrAdd("job", new JobSettings { Seeds = ["http://a.test/"], Content = ContentFormat.Markdown });
        var page = new FetchedPage("job", "http://a.test/p", "http://a.test/p", 0, 200, contentType, 100, DateTimeOffset.UnixEpoch, null, html);
        await new PagePipeline(jobs, new HtmlPageParser(), [new ContentFeature(_store)]).ProcessAsync(page, "silo");
        return page;
    }

    private sealed class MemoryContentStore : IContentStore
    {
        public List<PageContent> Pages { get; } = [];

        public Task SaveAsync(PageContent content, CancellationToken cancellationToken = default)
        {
            lock (Pages)
            {
                Pages.Add(content);
            }

            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<PageContent>> ReadPageAsync(string jobId, string? afterUrl, int limit, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<PageContent>>(Pages);
    }
}
