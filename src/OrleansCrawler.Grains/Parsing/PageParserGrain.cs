using System.Collections.Immutable;
using System.Diagnostics;
using Orleans.Concurrency;
using OrleansCrawler.Abstractions.Frontier;
using OrleansCrawler.Abstractions.Parsing;
using OrleansCrawler.Core.Parsing;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;
using OrleansCrawler.Core.Urls;
using OrleansCrawler.Grains.Jobs;
using static OrleansCrawler.Core.Telemetry.CrawlerTelemetry;

namespace OrleansCrawler.Grains.Parsing;

/// <summary>Parses a fetched page, stores its result and sends its in-scope outlinks to their partitions, one
/// batch per partition. A stateless worker: it runs on the silo of the partition that fetched the page, so the
/// HTML never crosses silos. Reentrant: it keeps no state, and each page mostly waits (for the store's group commit
/// and the partitions' appends), so one activation per core interleaves many pages instead of holding its turn for
/// one (the throughput harness measured the stateless worker's default of one page per activation as a limit).</summary>
[StatelessWorker, Reentrant]
public sealed class PageParserGrain(JobRuntimeRegistry jobs, HtmlPageParser parser, IPageStore store) : Grain, IPageParserGrain
{
    public async Task ProcessAsync(PageFetched page)
    {
        // The span covers parsing and what follows from it (store, routing), which are its children.
        using var span = Source.StartActivity(Spans.Parse);
        span?.SetTag(Attributes.Job, page.JobId).SetTag(Attributes.Url, page.Url).SetTag(Attributes.Host, HostPartitioner.AuthorityOf(page.Url))
            .SetTag(Attributes.Depth, page.Depth).SetTag(Attributes.StatusCode, page.Status).SetTag(Attributes.Bytes, page.Bytes)
            .SetTag(Attributes.Silo, RuntimeIdentity);
        var job = jobs.Get(page.JobId);
        string? title = null;
        string? canonical = null;
        var noIndex = false;
        IReadOnlyList<string> links = [];
        if (page.Html is not null)
        {
            // A nofollow page (meta robots or X-Robots-Tag) comes back without links, so nothing is routed.
            var parsed = parser.Parse(page.Html, new Uri(page.FinalUrl), page.RobotsTag);
            (title, links, canonical, noIndex) = (parsed.Title, parsed.Links, parsed.Canonical, parsed.NoIndex);
        }

        span?.SetTag(Attributes.Links, links.Count);
        var record = new PageRecord(page.JobId, page.Url, page.FinalUrl, page.Status, page.Depth, title, links.Count,
            page.ContentType, page.Bytes, page.FetchedAt, page.Error, canonical, noIndex);
        var saved = SaveAsync(record);
        var routed = RouteAsync(job, links, page.Depth + 1);
        // A redirect to another authority: its target belongs to the partition that owns that host (its robots.txt
        // and politeness apply there); it keeps the depth of the URL that redirected.
        var redirected = page.RedirectTo is not null && UrlNormalizer.TryNormalize(page.RedirectTo, new Uri(page.FinalUrl), out var target)
            ? RouteAsync(job, [target], page.Depth)
            : Task.CompletedTask;
        await Task.WhenAll(saved, routed, redirected);
    }

    private async Task SaveAsync(PageRecord record)
    {
        using var span = Source.StartActivity(Spans.Store);
        span?.SetTag(Attributes.Job, record.JobId).SetTag(Attributes.Url, record.Url).SetTag(Attributes.Host, HostPartitioner.AuthorityOf(record.Url))
            .SetTag(Attributes.Depth, record.Depth).SetTag(Attributes.StatusCode, record.Status).SetTag(Attributes.Bytes, record.Bytes)
            .SetTag(Attributes.Silo, RuntimeIdentity);
        await store.SaveAsync(record);
    }

    private async Task RouteAsync(JobRuntime job, IReadOnlyList<string> links, int depth)
    {
        if (links.Count == 0 || !job.WithinDepth(depth))
        {
            return;
        }

        using var span = Source.StartActivity(Spans.Route);
        // The discovered URLs' own traces link back to this span.
        var traceParent = TraceParentOf(span);
        var batches = new Dictionary<int, ImmutableArray<CrawlRequest>.Builder>();
        foreach (var link in links)
        {
            if (!job.Scope.IsInScope(link))
            {
                continue;
            }

            var partition = job.Partitioner.PartitionOf(link);
            if (!batches.TryGetValue(partition, out var batch))
            {
                batch = ImmutableArray.CreateBuilder<CrawlRequest>();
                batches.Add(partition, batch);
            }

            batch.Add(new CrawlRequest(link, depth, traceParent));
        }

        span?.SetTag(Attributes.Job, job.JobId).SetTag(Attributes.Depth, depth).SetTag(Attributes.Links, links.Count)
            .SetTag(Attributes.Count, batches.Values.Sum(b => b.Count)).SetTag(Attributes.Silo, RuntimeIdentity);
        var calls = new List<Task>(batches.Count);
        foreach (var (partition, batch) in batches)
        {
            var target = GrainFactory.Partition(job.JobId, partition);
            var requests = batch.ToImmutable();
            // Bounded retries: the target's silo may have just died; it reactivates elsewhere within seconds.
            calls.Add(GrainRetry.CallAsync(() => target.EnqueueAsync(requests)));
        }

        await Task.WhenAll(calls);
    }
}
