using System.Collections.Immutable;
using System.Diagnostics;
using OrleansCrawler.Abstractions.Frontier;
using OrleansCrawler.Abstractions.Parsing;
using OrleansCrawler.Core.Parsing;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;
using OrleansCrawler.Core.Urls;
using OrleansCrawler.Grains.Jobs;
using static OrleansCrawler.Core.Telemetry.CrawlerTelemetry;

namespace OrleansCrawler.Grains.Parsing;

/// <summary>What a parser does with one fetched page: parse it (AngleSharp, <see cref="HtmlPageParser"/>), store its
/// result and hand its in-scope outlinks to the silo's <see cref="LinkRouter"/> (batched per partition across pages;
/// links the silo already handed over are not sent again). Completes when the result is stored and every outlink is
/// durable in its partition. A silo-wide service with no state of its own, so its awaits do not come back to the
/// grain's scheduler (<c>ConfigureAwait(false)</c>): only the end of a page is a turn of <see cref="PageParserGrain"/>.</summary>
public sealed class PageProcessor(JobRuntimeRegistry jobs, HtmlPageParser parser, IPageStore store, LinkRouter router)
{
    public async Task ProcessAsync(PageFetched page, string silo)
    {
        // The span covers parsing and what follows from it (store, routing), which are its children.
        using var span = Source.StartActivity(Spans.Parse);
        span?.SetTag(Attributes.Job, page.JobId).SetTag(Attributes.Url, page.Url).SetTag(Attributes.Host, HostPartitioner.AuthorityOf(page.Url))
            .SetTag(Attributes.Depth, page.Depth).SetTag(Attributes.StatusCode, page.Status).SetTag(Attributes.Bytes, page.Bytes)
            .SetTag(Attributes.Silo, silo);
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
        var saved = SaveAsync(record, silo);
        var routed = RouteAsync(job, links, page.Depth + 1, silo);
        // A redirect to another authority: its target belongs to the partition that owns that host (its robots.txt
        // and politeness apply there); it keeps the depth of the URL that redirected.
        var redirected = page.RedirectTo is not null && UrlNormalizer.TryNormalize(page.RedirectTo, new Uri(page.FinalUrl), out var target)
            ? RouteAsync(job, [target], page.Depth, silo)
            : Task.CompletedTask;
        await Task.WhenAll(saved, routed, redirected).ConfigureAwait(false);
    }

    private async Task SaveAsync(PageRecord record, string silo)
    {
        using var span = Source.StartActivity(Spans.Store);
        span?.SetTag(Attributes.Job, record.JobId).SetTag(Attributes.Url, record.Url).SetTag(Attributes.Host, HostPartitioner.AuthorityOf(record.Url))
            .SetTag(Attributes.Depth, record.Depth).SetTag(Attributes.StatusCode, record.Status).SetTag(Attributes.Bytes, record.Bytes)
            .SetTag(Attributes.Silo, silo);
        await store.SaveAsync(record).ConfigureAwait(false);
    }

    private async Task RouteAsync(JobRuntime job, IReadOnlyList<string> links, int depth, string silo)
    {
        if (links.Count == 0 || !job.WithinDepth(depth))
        {
            return;
        }

        using var span = Source.StartActivity(Spans.Route);
        // The discovered URLs' own traces link back to this span.
        var traceParent = TraceParentOf(span);
        var batches = new Dictionary<int, List<RoutedLink>>();
        foreach (var link in links)
        {
            if (!job.Scope.IsInScope(link))
            {
                continue;
            }

            // Already accepted by its partition (found on an earlier page): sending it again would change nothing.
            var fingerprint = UrlFingerprint.Of(link);
            if (job.RoutedLinks.WasRouted(fingerprint))
            {
                continue;
            }

            var partition = job.Partitioner.PartitionOf(link);
            if (!batches.TryGetValue(partition, out var batch))
            {
                batch = [];
                batches.Add(partition, batch);
            }

            batch.Add(new RoutedLink(new CrawlRequest(link, depth, traceParent), fingerprint));
        }

        span?.SetTag(Attributes.Job, job.JobId).SetTag(Attributes.Depth, depth).SetTag(Attributes.Links, links.Count)
            .SetTag(Attributes.Count, batches.Values.Sum(b => b.Count)).SetTag(Attributes.Silo, silo);
        var calls = new List<Task>(batches.Count);
        foreach (var (partition, batch) in batches)
        {
            // Batched with other pages' links to the same partition; done when durable there.
            calls.Add(router.RouteAsync(job, partition, batch));
        }

        await Task.WhenAll(calls).ConfigureAwait(false);
    }
}
