using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Urls;
using OrleansCrawler.Silo.Hosting;
using OrleansCrawler.TestSite;
using static OrleansCrawler.Core.Telemetry.CrawlerTelemetry;

namespace OrleansCrawler.Grains.Tests;

/// <summary>Traces over two in-process silos, seen by one in-memory exporter in this process: a page's fetch, parse
/// and store form one trace, and a page's trace links back to the span of the page (on the other silo) that found it.</summary>
public sealed class TracingPipelineTests : IAsyncLifetime
{
    private const string JobId = "traced";
    private readonly List<Activity> _spans = [];
    private TracerProvider _tracer = null!;
    private CrawlerTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _tracer = Sdk.CreateTracerProviderBuilder().AddCrawlerTracing(new TelemetryOptions()).AddInMemoryExporter(_spans).Build();
        _cluster = await CrawlerTestCluster.StartAsync(2, "ocrawl-tracing-", propagateActivities: true);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _tracer.Dispose();
    }

    [Fact]
    public async Task Crawl_OverTwoSilos_PageTraceHoldsFetchParseStoreAndLinksToTheDiscoveringPage()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 120, Hosts = 24, Seed = 5 });
        // One seed: every other host is first reached by a link from another host, so once pages are crawled on both
        // silos, some page on one silo was first found by a page on the other (with a seed per host, each host's
        // own chain of links can find all its pages first, and no page is found across silos).
        var spec = new JobSpec([UrlNormalizer.Normalize(web.Seeds[0])], 0, -1, ScopeKind.Any, [], [],
            Concurrency: 16, PerHostConcurrency: 2, PartitionCount: 48, UserAgent: JobSpec.DefaultUserAgent) with
        {
            AllowPrivate = true, // the other hosts are loopback too, and only a seed's host is trusted without this
        };
        var status = await _cluster.CrawlAsync(JobId, spec, TimeSpan.FromMinutes(3));

        Assert.Equal(JobState.Completed, status.State);
        // A page's span ends just after its URL is settled: give the last ones a moment.
        Activity[] spans;
        Activity? found;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        do
        {
            await Task.Delay(200);
            spans = Snapshot();
            found = FindCrossSiloPage(spans);
        }
        while (found is null && DateTime.UtcNow < deadline);

        Assert.True(found is not null, Describe(spans));
        AssertPageTrace(spans, found);
    }

    [Fact]
    public async Task Crawl_MeterCountsTheSameAsTheJobCounters()
    {
        const string job = "metered";
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == Attributes.Job && job.Equals(tag.Value))
                {
                    totals.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
                }
            }
        });
        listener.Start();
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 60, Hosts = 4, Seed = 9 });
        var spec = new JobSpec([.. web.Seeds.Select(UrlNormalizer.Normalize)], 0, -1, ScopeKind.Host, [], [],
            Concurrency: 16, PerHostConcurrency: 2, PartitionCount: 8, UserAgent: JobSpec.DefaultUserAgent);
        var status = await _cluster.CrawlAsync(job, spec, TimeSpan.FromMinutes(3));

        Assert.Equal(JobState.Completed, status.State);
        Assert.True(status.Counters.Fetched > 50);
        Assert.Equal(status.Counters.Fetched, totals.GetValueOrDefault(Metrics.PagesFetched));
        Assert.Equal(status.Counters.Bytes, totals.GetValueOrDefault(Metrics.Bytes));
        Assert.Equal(status.Counters.RobotsDenied, totals.GetValueOrDefault(Metrics.RobotsDenied));
        Assert.True(status.Counters.RobotsDenied > 0, "the test web's robots.txt denies some pages");
        Assert.Equal(0, totals.GetValueOrDefault(Metrics.InFlight));
        totals.TryRemove(Metrics.FrontierSize, out _);
        listener.RecordObservableInstruments();
        Assert.Equal(0, totals.GetValueOrDefault(Metrics.FrontierSize));
    }

    private Activity[] Snapshot()
    {
        lock (_spans)
        {
            return [.. _spans];
        }
    }

    /// <summary>A fetched page whose link points to a span in the trace of a page crawled on the other silo, and
    /// whose own trace is complete (fetch, parse, store).</summary>
    private static Activity? FindCrossSiloPage(Activity[] spans)
    {
        var pages = spans.Where(s => s.Source.Name == Name && s.DisplayName == Spans.Page && Tag(s, Attributes.Job) == JobId).ToList();
        var pageOfTrace = pages.GroupBy(p => p.TraceId).ToDictionary(g => g.Key, g => g.First());
        return pages.FirstOrDefault(p =>
            p.Links.Any() && pageOfTrace.TryGetValue(p.Links.First().Context.TraceId, out var parent) && Tag(parent, Attributes.Silo) != Tag(p, Attributes.Silo)
            && Tag(p, Attributes.StatusCode) == "200"
            && InTrace(spans, p, Spans.Fetch).Any() && InTrace(spans, p, Spans.Store).Any());
    }

    private static string Describe(Activity[] spans)
    {
        var pages = spans.Where(s => s.Source.Name == Name && s.DisplayName == Spans.Page && Tag(s, Attributes.Job) == JobId).ToList();
        var traces = pages.Select(p => p.TraceId).ToHashSet();
        var pageOfTrace = pages.GroupBy(p => p.TraceId).ToDictionary(g => g.Key, g => g.First());
        return $"no page with a complete trace discovered from the other silo among {spans.Length} spans: {pages.Count} pages on "
            + $"{pages.Select(p => Tag(p, Attributes.Silo)).Distinct().Count()} silos, {pages.Count(p => p.Links.Any())} linked, "
            + $"{pages.Count(p => p.Links.Any() && traces.Contains(p.Links.First().Context.TraceId))} linked to a page, "
            + $"{pages.Count(p => InTrace(spans, p, Spans.Fetch).Any())} with fetch, {pages.Count(p => InTrace(spans, p, Spans.Parse).Any())} with parse, "
            + $"{pages.Count(p => InTrace(spans, p, Spans.Store).Any())} with store; "
            + $"{pages.Count(p => p.Links.Any() && pageOfTrace.TryGetValue(p.Links.First().Context.TraceId, out var parent) && Tag(parent, Attributes.Silo) != Tag(p, Attributes.Silo))} "
            + $"discovered from the other silo; silos {string.Join(", ", pages.GroupBy(p => Tag(p, Attributes.Silo)).Select(g => $"{g.Key}: {g.Count()} pages, partitions {string.Join(" ", g.Select(p => Tag(p, Attributes.Partition)).Distinct().Order())}"))}";
    }

    private static void AssertPageTrace(Activity[] spans, Activity page)
    {
        var url = Tag(page, Attributes.Url)!;
        var silo = Tag(page, Attributes.Silo)!;
        Assert.Equal(default, page.ParentSpanId);
        Assert.Equal(HostPartitioner.AuthorityOf(url), Tag(page, Attributes.Host));
        Assert.NotNull(Tag(page, Attributes.Partition));
        Assert.True(int.Parse(Tag(page, Attributes.Depth)!, System.Globalization.CultureInfo.InvariantCulture) >= 1);

        var fetch = Assert.Single(InTrace(spans, page, Spans.Fetch));
        Assert.Equal(page.SpanId, fetch.ParentSpanId);
        Assert.Equal(url, Tag(fetch, Attributes.Url));
        Assert.Equal("200", Tag(fetch, Attributes.StatusCode));
        Assert.True(long.Parse(Tag(fetch, Attributes.Bytes)!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(silo, Tag(fetch, Attributes.Silo));
        Assert.Contains(spans, s => s.Source.Name == "System.Net.Http" && s.ParentSpanId == fetch.SpanId && s.TraceId == page.TraceId);

        // parse runs in the parser grain, reached through an Orleans grain call (client and server spans in between).
        var parse = Assert.Single(InTrace(spans, page, Spans.Parse));
        Assert.True(IsDescendant(spans, parse, page), "parse should descend from the page span through the grain call");
        Assert.Contains(spans, s => s.SpanId == parse.ParentSpanId && s.DisplayName.StartsWith("IPageParserGrain/", StringComparison.Ordinal));
        Assert.Equal(url, Tag(parse, Attributes.Url));
        Assert.Equal(silo, Tag(parse, Attributes.Silo));

        var store = Assert.Single(InTrace(spans, page, Spans.Store));
        Assert.Equal(parse.SpanId, store.ParentSpanId);
        Assert.Equal(url, Tag(store, Attributes.Url));
        Assert.Equal("200", Tag(store, Attributes.StatusCode));

        // The link: to the route span of the page that found this one, crawled on the other silo.
        var link = Assert.Single(page.Links);
        var route = Assert.Single(spans, s => s.SpanId == link.Context.SpanId);
        Assert.Equal(Spans.Route, route.DisplayName);
        Assert.Equal(link.Context.TraceId, route.TraceId);
        var parentPage = Assert.Single(spans, s => s.TraceId == route.TraceId && s.DisplayName == Spans.Page);
        Assert.True(IsDescendant(spans, route, parentPage));
        Assert.NotEqual(silo, Tag(parentPage, Attributes.Silo));
        Assert.NotEqual(page.TraceId, parentPage.TraceId);
    }

    private static IEnumerable<Activity> InTrace(Activity[] spans, Activity page, string name) =>
        spans.Where(s => s.TraceId == page.TraceId && s.DisplayName == name && s.Source.Name == Name);

    private static bool IsDescendant(Activity[] spans, Activity span, Activity ancestor)
    {
        var byId = spans.Where(s => s.TraceId == ancestor.TraceId).GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
        var current = span;
        for (var hops = 0; hops < 32 && current.ParentSpanId != default; hops++)
        {
            if (current.ParentSpanId == ancestor.SpanId)
            {
                return true;
            }

            if (!byId.TryGetValue(current.ParentSpanId, out current!))
            {
                return false;
            }
        }

        return false;
    }

    private static string? Tag(Activity span, string name) => span.GetTagItem(name) switch
    {
        null => null,
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        var o => o.ToString(),
    };
}
