namespace OrleansCrawler.Abstractions.Parsing;

/// <summary>Parses fetched pages, stores results and routes outlinks to the partitions that own them.
/// A stateless worker, so it runs on the silo that fetched the page.</summary>
[Alias("OrleansCrawler.IPageParserGrain")]
public interface IPageParserGrain : IGrainWithIntegerKey
{
    /// <summary>Returns once the result is stored and every outlink is accepted by its partition.</summary>
    [Alias("Process")]
    Task ProcessAsync(PageFetched page);
}
