using System.Collections.Immutable;

namespace OrleansCrawler.Abstractions.Results;

/// <summary>Reads a job's results from the results store, a page at a time (a stateless worker), so a client
/// can stream an export of any size through the gateway.</summary>
[Alias("OrleansCrawler.IResultsGrain")]
public interface IResultsGrain : IGrainWithIntegerKey
{
    /// <summary>Up to <paramref name="limit"/> results in URL order after <paramref name="afterUrl"/> (null: from the start).</summary>
    [Alias("ReadPage")]
    Task<ImmutableArray<PageResult>> ReadPageAsync(string jobId, string? afterUrl, int limit);

    [Alias("Count")]
    Task<long> CountAsync(string jobId);

    /// <summary>Up to <paramref name="limit"/> pages of the job's link graph in URL order after <paramref name="afterUrl"/>.</summary>
    [Alias("ReadLinksPage")]
    Task<ImmutableArray<PageLinksResult>> ReadLinksPageAsync(string jobId, string? afterUrl, int limit);

    /// <summary>Up to <paramref name="limit"/> pages' main content (<c>--content</c>) in URL order after <paramref name="afterUrl"/>.</summary>
    [Alias("ReadContentPage")]
    Task<ImmutableArray<PageContentResult>> ReadContentPageAsync(string jobId, string? afterUrl, int limit);
}
