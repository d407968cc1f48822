using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Abstractions.Results;
using OrleansCrawler.Cli.Cluster;
using OrleansCrawler.Core.Content;
using OrleansCrawler.Core.Fields;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Cli.Export;

/// <summary>A cluster: the job grain says whether the job exists, the results grain pages through its store.</summary>
public sealed class ClusterExportSource(ClusterConnection connection) : IExportSource
{
    private const int PageSize = 2000;

    public string Name => "the cluster";

    public string? DefaultJob => null;

    public async Task<bool> HasJobAsync(string jobId, CancellationToken cancellationToken) =>
        (await connection.Grains.GetGrain<ICrawlJobGrain>(jobId).GetStatusAsync()).State != JobState.NotFound;

    public IAsyncEnumerable<PageRecord> ResultsAsync(string jobId, CancellationToken cancellationToken)
    {
        var results = connection.Grains.GetGrain<IResultsGrain>(0);
        return ExportPaging.ReadAllAsync(async (after, _) =>
            (IReadOnlyList<PageRecord>)[.. (await results.ReadPageAsync(jobId, after, PageSize)).Select(r =>
                new PageRecord(jobId, r.Url, r.FinalUrl, r.Status, r.Depth, r.Title, r.Outlinks, r.ContentType, r.Bytes, r.FetchedAt, r.Error, r.Canonical, r.NoIndex,
                    r.DuplicateOf, r.DuplicateDistance))],
            r => r.Url, PageSize, cancellationToken);
    }

    public IAsyncEnumerable<PageOutlinks> LinksAsync(string jobId, CancellationToken cancellationToken)
    {
        var results = connection.Grains.GetGrain<IResultsGrain>(0);
        return ExportPaging.ReadAllAsync(async (after, _) =>
            (IReadOnlyList<PageOutlinks>)[.. (await results.ReadLinksPageAsync(jobId, after, PageSize)).Select(p =>
                new PageOutlinks(jobId, p.Url, [.. p.Links.Select(l => new Outlink(l.To, l.Anchor, l.Rel, l.InScope))]))],
            p => p.Url, PageSize, cancellationToken);
    }

    public IAsyncEnumerable<PageContent> ContentAsync(string jobId, CancellationToken cancellationToken)
    {
        var results = connection.Grains.GetGrain<IResultsGrain>(0);
        return ExportPaging.ReadAllAsync(async (after, _) =>
            (IReadOnlyList<PageContent>)[.. (await results.ReadContentPageAsync(jobId, after, PageSize)).Select(p =>
                new PageContent(jobId, p.Url, Enum.Parse<ContentFormat>(p.Format, ignoreCase: true), p.Body, p.Language, p.Words))],
            p => p.Url, PageSize, cancellationToken);
    }

    public IAsyncEnumerable<PageFields> FieldsAsync(string jobId, CancellationToken cancellationToken)
    {
        var results = connection.Grains.GetGrain<IResultsGrain>(0);
        return ExportPaging.ReadAllAsync(async (after, _) =>
            (IReadOnlyList<PageFields>)[.. (await results.ReadFieldsPageAsync(jobId, after, PageSize)).Select(p =>
                new PageFields(jobId, p.Url, p.Json, p.Missing, p.Errors))],
            p => p.Url, PageSize, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> FieldNamesAsync(string jobId, CancellationToken cancellationToken) =>
        await connection.Grains.GetGrain<IResultsGrain>(0).FieldNamesAsync(jobId);

    /// <summary>The connection belongs to the command.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
