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

    public Task<IReadOnlyList<PageRecord>> LatestAsync(string jobId, int limit, PageCursor? before, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PageRecord>>([.. _records.Values.Where(r => r.JobId == jobId)
            .Where(r => before is null || r.FetchedAt < before.FetchedAt || (r.FetchedAt == before.FetchedAt && string.CompareOrdinal(r.Url, before.Url) < 0))
            .OrderByDescending(r => r.FetchedAt).ThenByDescending(r => r.Url, StringComparer.Ordinal).Take(limit)]);

    public Task<IReadOnlyList<PageRecord>> SearchAsync(string jobId, string contains, string? afterUrl, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PageRecord>>([.. _records.Values.Where(r => r.JobId == jobId && string.CompareOrdinal(r.Url, afterUrl) > 0
            && r.Url.Contains(contains, StringComparison.OrdinalIgnoreCase)).OrderBy(r => r.Url, StringComparer.Ordinal).Take(limit)]);

    public Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ErrorSamplesAsync(string jobId, IReadOnlyCollection<string>? kinds, int perKind,
        CancellationToken cancellationToken = default)
    {
        var collector = new ErrorSampleCollector(kinds, perKind);
        foreach (var r in _records.Values.Where(r => r.JobId == jobId).OrderBy(r => r.Url, StringComparer.Ordinal))
        {
            collector.Add(r.Url, r.Status, r.Error);
        }

        return Task.FromResult(collector.Samples);
    }
}
