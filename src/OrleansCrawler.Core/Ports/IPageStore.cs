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

    // Queries of the web console (issue 19): done in the database, so a job of any size is served from an index or one
    // scan in the database, never by reading it in URL order into the process.

    /// <summary>Up to <paramref name="limit"/> of the job's records, the last fetched first (ties: URL descending), starting
    /// after <paramref name="before"/> (null: from the newest); keyset pagination on (fetched_at, url), read from an index.</summary>
    Task<IReadOnlyList<PageRecord>> LatestAsync(string jobId, int limit, PageCursor? before, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> records in URL order after <paramref name="afterUrl"/> whose URL contains
    /// <paramref name="contains"/> (case-insensitive, taken literally: <c>%</c> and <c>_</c> are not wildcards).</summary>
    Task<IReadOnlyList<PageRecord>> SearchAsync(string jobId, string contains, string? afterUrl, int limit, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="perKind"/> URLs (in URL order) per error kind (<see cref="Crawling.ErrorKind.Of"/>),
    /// reading the job's error rows only. <paramref name="kinds"/>: the kinds wanted (a job's counters know them), and the
    /// read stops once each has its samples; null: every kind, reading all error rows.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ErrorSamplesAsync(string jobId, IReadOnlyCollection<string>? kinds, int perKind,
        CancellationToken cancellationToken = default);
}
