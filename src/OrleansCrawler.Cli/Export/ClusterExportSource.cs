using System.Runtime.CompilerServices;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Abstractions.Results;
using OrleansCrawler.Cli.Cluster;
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

    public async IAsyncEnumerable<PageRecord> ResultsAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var results = connection.Grains.GetGrain<IResultsGrain>(0);
        string? after = null;
        while (true)
        {
            var page = await results.ReadPageAsync(jobId, after, PageSize);
            foreach (var r in page)
            {
                yield return new PageRecord(jobId, r.Url, r.FinalUrl, r.Status, r.Depth, r.Title, r.Outlinks, r.ContentType, r.Bytes, r.FetchedAt, r.Error,
                    r.Canonical, r.NoIndex);
            }

            if (page.Length < PageSize)
            {
                yield break;
            }

            after = page[^1].Url;
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The connection belongs to the command.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
