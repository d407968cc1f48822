using Orleans.Concurrency;
using OrleansCrawler.Abstractions.Parsing;
using OrleansCrawler.Pipeline.Pages;

namespace OrleansCrawler.Grains.Parsing;

/// <summary>Runs the page pipeline on a fetched page (<see cref="PagePipeline"/>: parse once, then the page features the
/// job asked for: store the result, route the links, ...). A stateless worker: it runs on the silo of the partition that
/// fetched the page, so the HTML never crosses silos. Reentrant: it keeps no state, and each page mostly waits (for the
/// store's group commit and the partitions' appends), so one activation per core interleaves many pages instead of
/// holding its turn for one (the throughput harness measured the stateless worker's default of one page per activation
/// as a limit).</summary>
[StatelessWorker, Reentrant]
public sealed class PageParserGrain(PagePipeline pipeline) : Grain, IPageParserGrain
{
    public Task ProcessAsync(PageFetched page) => pipeline.ProcessAsync(PageFetchedMapper.ToPage(page), RuntimeIdentity);
}
