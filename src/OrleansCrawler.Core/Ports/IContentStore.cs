using OrleansCrawler.Core.Content;

namespace OrleansCrawler.Core.Ports;

/// <summary>Where pages' main content goes (<c>--content</c>): one compressed row per page keyed by (job, URL), so a
/// refetched page replaces its row. Writes are batched by the implementation; a save completes once the row is durable.
/// Never grain state, never across silos: each silo writes the pages it parsed.</summary>
public interface IContentStore
{
    Task SaveAsync(PageContent content, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> pages' content of the job in URL order after <paramref name="afterUrl"/>
    /// (null: from the start); keyset pagination, so an export never holds all of it.</summary>
    Task<IReadOnlyList<PageContent>> ReadPageAsync(string jobId, string? afterUrl, int limit, CancellationToken cancellationToken = default);
}
