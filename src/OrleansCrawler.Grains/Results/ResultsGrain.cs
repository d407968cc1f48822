using System.Collections.Immutable;
using Orleans.Concurrency;
using OrleansCrawler.Abstractions.Results;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Grains.Results;

/// <summary>Pages of a job's results (and link graph) for export and the console, read from the results store of the silo it
/// runs on (a stateless worker runs where it is called): in a cluster every silo shares the PostgreSQL store; with SQLite
/// each silo has its own and this reads only that silo's part.</summary>
[StatelessWorker]
public sealed class ResultsGrain(IPageStore store, ILinkStore links, IContentStore content, IFieldStore fields) : Grain, IResultsGrain
{
    public const int MaxPage = 5000;

    public const int MaxSamplesPerKind = 100;

    public async Task<ImmutableArray<PageResult>> ReadPageAsync(string jobId, string? afterUrl, int limit) =>
        ToResults(await store.ReadPageAsync(jobId, afterUrl, Math.Clamp(limit, 1, MaxPage)));

    public Task<long> CountAsync(string jobId) => store.CountAsync(jobId);

    public async Task<ImmutableArray<PageResult>> LatestAsync(string jobId, int limit, LatestCursor? before) =>
        ToResults(await store.LatestAsync(jobId, Math.Clamp(limit, 1, MaxPage), before is null ? null : new PageCursor(before.FetchedAt, before.Url)));

    public async Task<ImmutableArray<PageResult>> SearchAsync(string jobId, string contains, string? afterUrl, int limit) =>
        ToResults(await store.SearchAsync(jobId, contains, afterUrl, Math.Clamp(limit, 1, MaxPage)));

    public async Task<ImmutableDictionary<string, ImmutableArray<string>>> ErrorSamplesAsync(string jobId, ImmutableArray<string> kinds, int perKind)
    {
        var samples = await store.ErrorSamplesAsync(jobId, kinds.IsDefaultOrEmpty ? null : (IReadOnlyCollection<string>)kinds, Math.Clamp(perKind, 1, MaxSamplesPerKind));
        return samples.ToImmutableDictionary(s => s.Key, s => s.Value.ToImmutableArray(), StringComparer.Ordinal);
    }

    private static ImmutableArray<PageResult> ToResults(IReadOnlyList<PageRecord> records) =>
        [.. records.Select(r => new PageResult(r.Url, r.FinalUrl, r.Status, r.Depth, r.Title, r.Outlinks, r.ContentType, r.Bytes, r.FetchedAt, r.Error, r.Canonical, r.NoIndex,
            r.DuplicateOf, r.DuplicateDistance))];

    public async Task<ImmutableArray<PageLinksResult>> ReadLinksPageAsync(string jobId, string? afterUrl, int limit)
    {
        var pages = await links.ReadPageAsync(jobId, afterUrl, Math.Clamp(limit, 1, MaxPage));
        return [.. pages.Select(p => new PageLinksResult(p.Url, [.. p.Links.Select(l => new LinkResult(l.To, l.Anchor, l.Rel, l.InScope))]))];
    }

    public async Task<ImmutableArray<PageContentResult>> ReadContentPageAsync(string jobId, string? afterUrl, int limit)
    {
        var pages = await content.ReadPageAsync(jobId, afterUrl, Math.Clamp(limit, 1, MaxPage));
        return [.. pages.Select(p => new PageContentResult(p.Url, p.Format.ToString().ToLowerInvariant(), p.Body, p.Language, p.Words))];
    }

    public async Task<ImmutableArray<PageFieldsResult>> ReadFieldsPageAsync(string jobId, string? afterUrl, int limit)
    {
        var pages = await fields.ReadPageAsync(jobId, afterUrl, Math.Clamp(limit, 1, MaxPage));
        return [.. pages.Select(p => new PageFieldsResult(p.Url, p.Json, p.Missing, p.Errors))];
    }

    /// <summary>From the job grain, which holds the spec (each silo of a test cluster may have a job store of its own).</summary>
    public Task<ImmutableArray<string>> FieldNamesAsync(string jobId) => GrainFactory.GetGrain<Abstractions.Jobs.ICrawlJobGrain>(jobId).FieldNamesAsync();
}
