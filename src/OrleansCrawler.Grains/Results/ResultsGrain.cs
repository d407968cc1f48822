using System.Collections.Immutable;
using Orleans.Concurrency;
using OrleansCrawler.Abstractions.Results;
using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Grains.Results;

/// <summary>Pages of a job's results (and link graph) for export, read from the results store of the silo it runs on (in a
/// cluster every silo shares the PostgreSQL store).</summary>
[StatelessWorker]
public sealed class ResultsGrain(IPageStore store, ILinkStore links, IContentStore content) : Grain, IResultsGrain
{
    public const int MaxPage = 5000;

    public async Task<ImmutableArray<PageResult>> ReadPageAsync(string jobId, string? afterUrl, int limit)
    {
        var records = await store.ReadPageAsync(jobId, afterUrl, Math.Clamp(limit, 1, MaxPage));
        return [.. records.Select(r => new PageResult(r.Url, r.FinalUrl, r.Status, r.Depth, r.Title, r.Outlinks, r.ContentType, r.Bytes, r.FetchedAt, r.Error, r.Canonical, r.NoIndex))];
    }

    public Task<long> CountAsync(string jobId) => store.CountAsync(jobId);

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
}
