using System.Collections.Concurrent;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Pipeline.Tests.Fakes;

/// <summary>Page results in memory, keyed by (job, URL) like the real stores.</summary>
internal sealed class MemoryPageStore : IPageStore
{
    private readonly ConcurrentDictionary<(string, string), PageRecord> _records = new();

    public IReadOnlyCollection<PageRecord> Records => [.. _records.Values];

    public Task SaveAsync(PageRecord record, CancellationToken cancellationToken = default)
    {
        _records[(record.JobId, record.Url)] = record;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PageRecord>> ReadPageAsync(string jobId, string? afterUrl, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PageRecord>>([.. _records.Values.Where(r => r.JobId == jobId && string.CompareOrdinal(r.Url, afterUrl) > 0)
            .OrderBy(r => r.Url, StringComparer.Ordinal).Take(limit)]);

    public Task<long> CountAsync(string jobId, CancellationToken cancellationToken = default) =>
        Task.FromResult((long)_records.Values.Count(r => r.JobId == jobId));
}
