using Orleans.Concurrency;
using OrleansCrawler.Abstractions.Parsing;

namespace OrleansCrawler.Grains.Parsing;

/// <summary>Parses a fetched page, stores its result and sends its in-scope outlinks to their partitions
/// (<see cref="PageProcessor"/>). A stateless worker: it runs on the silo of the partition that fetched the page, so
/// the HTML never crosses silos. Reentrant: it keeps no state, and each page mostly waits (for the store's group commit
/// and the partitions' appends), so one activation per core interleaves many pages instead of holding its turn for
/// one (the throughput harness measured the stateless worker's default of one page per activation as a limit).</summary>
[StatelessWorker, Reentrant]
public sealed class PageParserGrain(PageProcessor processor) : Grain, IPageParserGrain
{
    public Task ProcessAsync(PageFetched page) => processor.ProcessAsync(page, RuntimeIdentity);
}
