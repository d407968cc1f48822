using OrleansCrawler.Abstractions.Parsing;
using OrleansCrawler.Pipeline.Pages;
using OrleansCrawler.Pipeline.Ports;

namespace OrleansCrawler.Grains.Parsing;

/// <summary>Hands a partition's pages to the parser grain, a stateless worker, so an activation on the partition's own
/// silo: the page (HTML included) is an immutable message passed by reference, never across silos.</summary>
public sealed class ParserGrainPages(IGrainFactory grains) : IPageHandler
{
    private readonly IPageParserGrain _parser = grains.GetGrain<IPageParserGrain>(0);

    public Task HandleAsync(FetchedPage page) => _parser.ProcessAsync(PageFetchedMapper.ToMessage(page));
}
