using System.Diagnostics;
using OrleansCrawler.Core.Parsing;
using OrleansCrawler.Pipeline.Jobs;
using OrleansCrawler.Pipeline.Pages;
using OrleansCrawler.Pipeline.Tests.Fakes;
using static OrleansCrawler.Core.Telemetry.CrawlerTelemetry;

namespace OrleansCrawler.Pipeline.Tests.Pages;

public sealed class PagePipelineTests
{
    private static readonly FetchedPage Page = new("job", "http://a.test/p", "http://a.test/p", 2, 200, "text/html", 60,
        DateTimeOffset.UnixEpoch, null, "<title>T</title><a href=/x>x</a><a href=/y>y</a>");

    private readonly JobRuntimeRegistry _jobs = new();

    public PagePipelineTests() => _jobs.GetOrAdd("job", new JobSettings { Seeds = ["http://a.test/"] });

    [Fact]
    public async Task Features_RunInOrder_OnOneParse_EachSeeingWhatTheOnesBeforeItComputedBeforeTheirFirstAwait()
    {
        var log = new List<string>();
        var first = new Feature("first", log, compute: "text");
        var second = new Feature("second", log);

        await new PagePipeline(_jobs, new HtmlPageParser(), [first, second]).ProcessAsync(Page, "silo");

        // The second starts once the first awaits; after that their continuations may run in any order.
        Assert.Equal("first computes text", log[0]);
        Assert.Equal(["first computes text", "first done", "second done", "second sees text"], log.Order(StringComparer.Ordinal));
        Assert.True(log.IndexOf("second sees text") < log.IndexOf("second done"));
        Assert.Same(first.Seen!.Parsed, second.Seen!.Parsed);
        Assert.Equal(["http://a.test/x", "http://a.test/y"], second.Seen.Links);
    }

    [Fact]
    public async Task FeatureTheJobDidNotAskFor_DoesNotRun()
    {
        var log = new List<string>();
        var off = new Feature("off", log) { Enabled = false };

        await new PagePipeline(_jobs, new HtmlPageParser(), [off, new Feature("on", log)]).ProcessAsync(Page, "silo");

        Assert.DoesNotContain(log, l => l.StartsWith("off", StringComparison.Ordinal));
        Assert.Contains("on done", log);
    }

    [Fact]
    public async Task FeatureThatFails_FailsThePage_SoItIsCrawledAgain()
    {
        var failing = new Feature("failing", []) { Failure = new TimeoutException("store away") };

        await Assert.ThrowsAsync<TimeoutException>(() => new PagePipeline(_jobs, new HtmlPageParser(), [failing, new Feature("other", [])]).ProcessAsync(Page, "silo"));
    }

    [Fact]
    public async Task FeatureThatReadsTheDocument_GetsItWithItsText_SharedWithTheOthers()
    {
        var reader = new Feature("reader", []) { Parse = PageParse.Document };
        var other = new Feature("other", []);

        await new PagePipeline(_jobs, new HtmlPageParser(), [other, reader]).ProcessAsync(Page with { Html = "<title>T</title><p>Hello <b>world</b></p><a href=/x>x</a>" }, "silo");

        Assert.Equal("Hello world", reader.Text); // read while the page was in the pipeline: the document is released after it
        Assert.Same(reader.Seen!.Document, other.Seen!.Document);
        Assert.Equal(["http://a.test/x"], reader.Seen.Links);
    }

    [Fact]
    public async Task WhenNoFeatureReadsTheDocument_ThereIsNone()
    {
        var feature = new Feature("f", []);

        await new PagePipeline(_jobs, new HtmlPageParser(), [feature, new Feature("off", []) { Parse = PageParse.Document, Enabled = false }]).ProcessAsync(Page, "silo");

        Assert.Null(feature.Seen!.Document);
        Assert.NotNull(feature.Seen.Parsed);
    }

    [Fact]
    public async Task PageWithoutHtml_IsNotParsed_AndFeaturesSeeNoLinks()
    {
        var feature = new Feature("f", []);

        await new PagePipeline(_jobs, new HtmlPageParser(), [feature]).ProcessAsync(Page with { Status = 404, Html = null }, "silo");

        Assert.Null(feature.Seen!.Parsed);
        Assert.Empty(feature.Seen.Links);
    }

    [Fact]
    public async Task EachFeature_GetsASpanNamedAfterIt_UnderTheParseSpan_WithThePagesTags()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (spans)
                {
                    spans.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await new PagePipeline(_jobs, new HtmlPageParser(), [new Feature("alpha", []), new Feature("beta", [])]).ProcessAsync(Page, "S1");

        var parse = Assert.Single(spans, s => s.DisplayName == Spans.Parse && (string?)s.GetTagItem(Attributes.Url) == Page.Url);
        Assert.Equal(2, parse.GetTagItem(Attributes.Links));
        foreach (var name in new[] { "alpha", "beta" })
        {
            var span = Assert.Single(spans, s => s.DisplayName == name && s.ParentSpanId == parse.SpanId);
            Assert.Equal((Page.Url, "a.test", 2, 200, "S1"), ((string?)span.GetTagItem(Attributes.Url), (string?)span.GetTagItem(Attributes.Host),
                (int?)span.GetTagItem(Attributes.Depth), (int?)span.GetTagItem(Attributes.StatusCode), (string?)span.GetTagItem(Attributes.Silo)));
        }
    }

    /// <summary>Logs what it does; optionally leaves a value on the page for the features after it.</summary>
    private sealed class Feature(string name, List<string> log, string? compute = null) : IPageFeature
    {
        public bool Enabled { get; init; } = true;

        public Exception? Failure { get; init; }

        public PageParse Parse { get; init; } = PageParse.Links;

        public PageContext? Seen { get; private set; }

        /// <summary>The first paragraph's text, when the page had a document.</summary>
        public string? Text { get; private set; }

        public string Name => name;

        public bool IsEnabled(JobRuntime job) => Enabled;

        public async Task RunAsync(PageContext page)
        {
            Seen = page;
            Text = page.Document?.QuerySelector("p")?.TextContent;
            if (compute is not null)
            {
                page.Set(new Computed(compute));
                Add($"{name} computes {compute}");
            }
            else if (page.Get<Computed>() is { } computed)
            {
                Add($"{name} sees {computed.Value}");
            }

            await Task.Yield();
            if (Failure is not null)
            {
                throw Failure;
            }

            Add($"{name} done");
        }

        private void Add(string line)
        {
            lock (log)
            {
                log.Add(line);
            }
        }
    }

    private sealed record Computed(string Value);
}
