using System.Diagnostics;
using OrleansCrawler.Core.Urls;
using OrleansCrawler.Pipeline.Jobs;
using OrleansCrawler.Pipeline.Pages;
using OrleansCrawler.Pipeline.Ports;
using static OrleansCrawler.Core.Telemetry.CrawlerTelemetry;

namespace OrleansCrawler.Pipeline.Features;

/// <summary>Sends a page's in-scope outlinks (one deeper than the page, within <c>--max-depth</c>) and the target of a
/// redirect to another authority (same depth: its robots.txt and politeness apply in the partition that owns that host)
/// to their partitions, grouped by partition, through the silo's <see cref="ILinkRouter"/>. Links the silo already
/// handed over (the job's routed-link filter) are not sent again. Completes when every link is durable in its
/// partition. Always on: the crawl follows links. The discovered URLs' own traces link back to this feature's span.</summary>
public sealed class LinkRoutingFeature(ILinkRouter router) : IPageFeature
{
    public string Name => Spans.Route;

    public bool IsEnabled(JobRuntime job) => true;

    public Task RunAsync(PageContext page) => page.Job.Settings.SkipDuplicates && page.Get<DuplicateCheck>() is { } duplicate
        ? RouteUnlessDuplicateAsync(page, duplicate)
        : Route(page, followLinks: true);

    /// <summary><c>--skip-duplicates</c>: a duplicate's links are not followed (the link graph still records them).</summary>
    private async Task RouteUnlessDuplicateAsync(PageContext page, DuplicateCheck duplicate)
    {
        var verdict = await duplicate.Verdict.ConfigureAwait(false);
        await Route(page, followLinks: !verdict.IsDuplicate).ConfigureAwait(false);
    }

    private Task Route(PageContext page, bool followLinks)
    {
        var (job, fetched) = (page.Job, page.Page);
        var span = Activity.Current;
        var traceParent = TraceParentOf(span);
        Dictionary<int, List<RoutedLink>>? batches = null;
        var linkDepth = fetched.Depth + 1;
        if (followLinks && page.Links.Count > 0 && job.WithinDepth(linkDepth))
        {
            foreach (var link in page.Links)
            {
                Add(job, link, linkDepth, traceParent, ref batches);
            }
        }

        if (fetched.RedirectTo is not null && UrlNormalizer.TryNormalize(fetched.RedirectTo, new Uri(fetched.FinalUrl), out var target)
            && job.WithinDepth(fetched.Depth))
        {
            Add(job, target, fetched.Depth, traceParent, ref batches);
        }

        span?.SetTag(Attributes.Depth, page.Links.Count > 0 ? linkDepth : fetched.Depth).SetTag(Attributes.Links, page.Links.Count)
            .SetTag(Attributes.Count, batches?.Values.Sum(b => b.Count) ?? 0);
        if (batches is null)
        {
            return Task.CompletedTask;
        }

        if (batches.Count == 1)
        {
            foreach (var (partition, batch) in batches)
            {
                return router.RouteAsync(job, partition, batch);
            }
        }

        var calls = new List<Task>(batches.Count);
        foreach (var (partition, batch) in batches)
        {
            // Batched with other pages' links to the same partition; done when durable there.
            calls.Add(router.RouteAsync(job, partition, batch));
        }

        return Task.WhenAll(calls);
    }

    private static void Add(JobRuntime job, string url, int depth, string? traceParent, ref Dictionary<int, List<RoutedLink>>? batches)
    {
        if (!job.Scope.IsInScope(url))
        {
            return;
        }

        // Already accepted by its partition (found on an earlier page): sending it again would change nothing.
        var fingerprint = UrlFingerprint.Of(url);
        if (job.RoutedLinks.WasRouted(fingerprint))
        {
            return;
        }

        batches ??= [];
        var partition = job.Partitioner.PartitionOf(url);
        if (!batches.TryGetValue(partition, out var batch))
        {
            batch = [];
            batches.Add(partition, batch);
        }

        batch.Add(new RoutedLink(url, depth, traceParent, fingerprint));
    }
}
