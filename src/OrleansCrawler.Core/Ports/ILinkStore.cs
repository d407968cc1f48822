using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Core.Ports;

/// <summary>Where the link graph goes: a page's outlinks as one row keyed by (job, URL), so a write costs a page, not
/// its edges, and a refetched page replaces its row. Writes are batched by the implementation; a save completes once
/// the row is durable.</summary>
public interface ILinkStore
{
    Task SaveAsync(PageOutlinks page, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> pages of the job's outlinks in URL order after <paramref name="afterUrl"/>
    /// (null: from the start); keyset pagination, so an export never holds the whole graph.</summary>
    Task<IReadOnlyList<PageOutlinks>> ReadPageAsync(string jobId, string? afterUrl, int limit, CancellationToken cancellationToken = default);
}
