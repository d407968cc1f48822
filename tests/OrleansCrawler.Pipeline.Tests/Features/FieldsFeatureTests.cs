using OrleansCrawler.Core.Fields;
using OrleansCrawler.Core.Parsing;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Pipeline.Features;
using OrleansCrawler.Pipeline.Jobs;
using OrleansCrawler.Pipeline.Pages;
using OrleansCrawler.Pipeline.Tests.Fakes;

namespace OrleansCrawler.Pipeline.Tests.Features;

public sealed class FieldsFeatureTests
{
    private static readonly IReadOnlyList<FieldRuleSet> Rules =
    [
        new FieldRuleSet("http://a.test/p/*", false,
        [
            new FieldRule("title", "h1", Required: true),
            new FieldRule("price", ".price", FieldTake.Attribute, "content", Required: true),
            new FieldRule("links", "a", FieldTake.Count),
        ]),
    ];

    private readonly MemoryFieldStore _store = new();

    [Fact]
    public void IsOn_OnlyForJobsWithRules_AndReadsTheDocument()
    {
        var feature = new FieldsFeature(_store);

        Assert.False(feature.IsEnabled(Make.Job("http://a.test/")));
        Assert.True(feature.IsEnabled(Make.Job(new JobSettings { Seeds = ["http://a.test/"], Fields = Rules })));
        Assert.Equal(PageParse.Document, feature.Parse);
    }

    [Fact]
    public async Task ThroughThePagePipeline_AMatchingPagesFieldsAreStored_KeyedByItsUrl()
    {
        await RunAsync("http://a.test/p/1", "<html><body><h1> Lamp </h1><a href=/x>x</a><a href=/y>y</a></body></html>", "text/html");

        var saved = Assert.Single(_store.Pages);
        Assert.Equal(new PageFields("job", "http://a.test/p/1", """{"title":"Lamp","price":null,"links":2}""", "price", null), saved);
    }

    [Fact]
    public async Task PageNoRuleMatches_OrWithoutHtml_StoresNothing()
    {
        await RunAsync("http://a.test/about", "<html><body><h1>About</h1></body></html>", "text/html");
        await RunAsync("http://a.test/p/2", null, "image/png");

        Assert.Empty(_store.Pages);
    }

    private async Task RunAsync(string url, string? html, string contentType)
    {
        var jobs = new JobRuntimeRegistry();
        jobs.GetOrAdd("job", new JobSettings { Seeds = ["http://a.test/"], Fields = Rules });
        var page = new FetchedPage("job", url, url, 0, 200, contentType, 100, DateTimeOffset.UnixEpoch, null, html);
        await new PagePipeline(jobs, new HtmlPageParser(), [new FieldsFeature(_store)]).ProcessAsync(page, "silo");
    }

    private sealed class MemoryFieldStore : IFieldStore
    {
        public List<PageFields> Pages { get; } = [];

        public Task SaveAsync(PageFields fields, CancellationToken cancellationToken = default)
        {
            lock (Pages)
            {
                Pages.Add(fields);
            }

            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<PageFields>> ReadPageAsync(string jobId, string? afterUrl, int limit, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<PageFields>>(Pages);
    }
}
