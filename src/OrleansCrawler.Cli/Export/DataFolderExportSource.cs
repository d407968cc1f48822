using OrleansCrawler.Cli.Commands;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Content;
using OrleansCrawler.Core.Fields;
using OrleansCrawler.Grains.Jobs;
using OrleansCrawler.Core.Results;
using OrleansCrawler.Infrastructure.Storage;

namespace OrleansCrawler.Cli.Export;

/// <summary>An embedded crawl's data folder (<c>ocrawl run --data DIR</c>): its SQLite stores, read directly, no silo.</summary>
public sealed class DataFolderExportSource : IExportSource
{
    private readonly SqlitePageStore _results;
    private readonly SqliteJobStore _jobs;
    private SqliteLinkStore? _links;
    private SqliteContentStore? _content;
    private SqliteFieldStore? _fields;

    private DataFolderExportSource(string directory, SqlitePageStore results, SqliteJobStore jobs, string? defaultJob)
    {
        (Directory, _results, _jobs, DefaultJob) = (directory, results, jobs, defaultJob);
    }

    public string Directory { get; }

    public string Name => $"data folder {Directory}";

    public string? DefaultJob { get; }

    /// <exception cref="ArgumentException">The folder holds no crawl (the message names it).</exception>
    public static DataFolderExportSource Open(string directory)
    {
        if (!File.Exists(Path.Combine(directory, "results.db")))
        {
            throw new ArgumentException($"{directory}: no crawl here (no results.db); give the --data folder of an `ocrawl run`.");
        }

        return new DataFolderExportSource(directory, SqlitePageStore.Open(directory), SqliteJobStore.Open(directory), RunManifest.TryRead(directory)?.JobId);
    }

    public async Task<bool> HasJobAsync(string jobId, CancellationToken cancellationToken) =>
        await _jobs.GetAsync(jobId, cancellationToken) is not null || await _results.CountAsync(jobId, cancellationToken) > 0;

    /// <summary>The WARC folder the job was crawled with (<c>--warc</c>), else null.</summary>
    public async Task<string?> WarcDirectoryAsync(string jobId, CancellationToken cancellationToken) =>
        WarcExport.WarcDirectoryOf((await _jobs.GetAsync(jobId, cancellationToken))?.SpecJson);

    public IAsyncEnumerable<PageRecord> ResultsAsync(string jobId, CancellationToken cancellationToken) => _results.ReadAsync(jobId, cancellationToken);

    /// <exception cref="ArgumentException">The crawl kept no link graph (it ran without --links).</exception>
    public IAsyncEnumerable<PageOutlinks> LinksAsync(string jobId, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(Directory, SqliteLinkStore.FileName)))
        {
            throw new ArgumentException($"{Directory}: no link graph here; crawl with --links to keep one.");
        }

        _links ??= SqliteLinkStore.Open(Directory);
        return ExportPaging.ReadAllAsync((after, ct) => _links.ReadPageAsync(jobId, after, 1000, ct), p => p.Url, 1000, cancellationToken);
    }

    public IAsyncEnumerable<PageContent> ContentAsync(string jobId, CancellationToken cancellationToken)
    {
        if (!SqliteContentStore.Exists(Directory))
        {
            return AsyncEnumerable.Empty<PageContent>();
        }

        _content ??= SqliteContentStore.Open(Directory);
        return ExportPaging.ReadAllAsync((after, ct) => _content.ReadPageAsync(jobId, after, 1000, ct), p => p.Url, 1000, cancellationToken);
    }

    public IAsyncEnumerable<PageFields> FieldsAsync(string jobId, CancellationToken cancellationToken)
    {
        if (!SqliteFieldStore.Exists(Directory))
        {
            return AsyncEnumerable.Empty<PageFields>();
        }

        _fields ??= SqliteFieldStore.Open(Directory);
        return ExportPaging.ReadAllAsync((after, ct) => _fields.ReadPageAsync(jobId, after, 1000, ct), p => p.Url, 1000, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> FieldNamesAsync(string jobId, CancellationToken cancellationToken) =>
        await _jobs.GetAsync(jobId, cancellationToken) is { } job ? FieldRulesMapper.FieldNames(JobRecordMapper.SpecOf(job)) : [];

    public async ValueTask DisposeAsync()
    {
        if (_fields is not null)
        {
            await _fields.DisposeAsync();
        }

        if (_content is not null)
        {
            await _content.DisposeAsync();
        }

        if (_links is not null)
        {
            await _links.DisposeAsync();
        }

        await _results.DisposeAsync();
    }
}
