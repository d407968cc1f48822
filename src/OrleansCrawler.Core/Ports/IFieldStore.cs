using OrleansCrawler.Core.Fields;

namespace OrleansCrawler.Core.Ports;

/// <summary>Where pages' extracted fields go (<c>--extract</c>): one row per page keyed by (job, URL), so a refetched page
/// replaces its row. Writes are batched by the implementation; a save completes once the row is durable. Each silo
/// writes the pages it parsed.</summary>
public interface IFieldStore
{
    Task SaveAsync(PageFields fields, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> pages' fields of the job in URL order after <paramref name="afterUrl"/>
    /// (null: from the start); keyset pagination, so an export never holds all of them.</summary>
    Task<IReadOnlyList<PageFields>> ReadPageAsync(string jobId, string? afterUrl, int limit, CancellationToken cancellationToken = default);
}
