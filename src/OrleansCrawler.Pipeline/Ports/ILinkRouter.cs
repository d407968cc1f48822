using OrleansCrawler.Pipeline.Jobs;

namespace OrleansCrawler.Pipeline.Ports;

/// <summary>Sends links to the partition that owns their host (the silo's link router, batched across pages).</summary>
public interface ILinkRouter
{
    /// <summary>Routes one page's links of one target partition; completes when they are durable there.</summary>
    Task RouteAsync(JobRuntime job, int partition, IReadOnlyList<RoutedLink> links);
}
