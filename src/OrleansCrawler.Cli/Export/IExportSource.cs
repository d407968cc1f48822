using OrleansCrawler.Core.Content;
using OrleansCrawler.Core.Fields;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Cli.Export;

/// <summary>Where <c>ocrawl export</c> reads a job from: an embedded crawl's data folder or a cluster. Everything is
/// streamed a page at a time, never a whole job in memory.</summary>
public interface IExportSource : IAsyncDisposable
{
    /// <summary>Names the source in messages ("data folder crawl-data", "the cluster").</summary>
    string Name { get; }

    /// <summary>The job to export when none is named (the data folder's own crawl), else null.</summary>
    string? DefaultJob { get; }

    Task<bool> HasJobAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>The job's results in URL order.</summary>
    IAsyncEnumerable<PageRecord> ResultsAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>The job's link graph (crawled with <c>--links</c>), page by page in URL order.</summary>
    IAsyncEnumerable<PageOutlinks> LinksAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>The job's pages' main content (crawled with <c>--content</c>) in URL order; empty when none was kept.</summary>
    IAsyncEnumerable<PageContent> ContentAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>The job's pages' extracted fields (crawled with <c>--extract</c>) in URL order; empty when none were kept.</summary>
    IAsyncEnumerable<PageFields> FieldsAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>The field names of the job's <c>--extract</c> rules, in rule order (the CSV columns); empty without rules.</summary>
    Task<IReadOnlyList<string>> FieldNamesAsync(string jobId, CancellationToken cancellationToken);
}
