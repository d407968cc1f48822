using OrleansCrawler.Pipeline.Pages;

namespace OrleansCrawler.Pipeline.Ports;

/// <summary>Where a partition hands a page after its fetch (or a URL stopped with a stored reason): the page pipeline
/// (<see cref="PagePipeline"/>), reached through the parser grain on the fetching silo in a silo, or called directly.
/// Completes when every page feature's output is durable (its result stored, its links accepted by their partitions);
/// fails when one could not be made durable, and the URL is then crawled again.</summary>
public interface IPageHandler
{
    Task HandleAsync(FetchedPage page);
}
