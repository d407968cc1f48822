using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Core.Ports;

/// <summary>Where page results go. Writes are batched by the implementation; a save completes once the
/// record is durable. Saving the same (job, url) again replaces the earlier record.</summary>
public interface IPageStore
{
    Task SaveAsync(PageRecord record, CancellationToken cancellationToken = default);

    /// <summary>One page of the job's records in URL order, starting after <paramref name="afterUrl"/>
    /// (null: from the start); keyset pagination, so exporting a large job never holds it all.</summary>
    Task<IReadOnlyList<PageRecord>> ReadPageAsync(string jobId, string? afterUrl, int limit, CancellationToken cancellationToken = default);

    Task<long> CountAsync(string jobId, CancellationToken cancellationToken = default);
}
