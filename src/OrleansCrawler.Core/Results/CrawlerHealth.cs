namespace OrleansCrawler.Core.Results;

/// <summary>The health of a silo's stores (one per silo): partitions put <see cref="Problem"/> in their status, so
/// <c>ocrawl status</c> and <c>watch</c> say why a crawl stalls while a store is away.</summary>
public sealed class CrawlerHealth(TimeProvider? time = null, Action<string, Exception?>? log = null)
{
    public StoreHealth Results { get; } = new("results store", time, log);

    public StoreHealth Frontier { get; } = new("frontier store", time, log);

    /// <summary>Null when every store's writes go through.</summary>
    public string? Problem => Results.Problem ?? Frontier.Problem;
}
