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

    /// <summary>Up to <paramref name="limit"/> results, the last fetched first, after <paramref name="before"/> (null: the newest).</summary>
    [Alias("Latest")]
    Task<ImmutableArray<PageResult>> LatestAsync(string jobId, int limit, LatestCursor? before);

    /// <summary>Up to <paramref name="limit"/> results in URL order after <paramref name="afterUrl"/> whose URL contains
    /// <paramref name="contains"/> (case-insensitive, literally), searched in the results store.</summary>
    [Alias("Search")]
    Task<ImmutableArray<PageResult>> SearchAsync(string jobId, string contains, string? afterUrl, int limit);

    /// <summary>Up to <paramref name="perKind"/> URLs per error kind, for the <paramref name="kinds"/> given (empty: every kind).</summary>
    [Alias("ErrorSamples")]
    Task<ImmutableDictionary<string, ImmutableArray<string>>> ErrorSamplesAsync(string jobId, ImmutableArray<string> kinds, int perKind);

    /// <summary>Up to <paramref name="limit"/> pages of the job's link graph in URL order after <paramref name="afterUrl"/>.</summary>
    [Alias("ReadLinksPage")]
    Task<ImmutableArray<PageLinksResult>> ReadLinksPageAsync(string jobId, string? afterUrl, int limit);

    /// <summary>Up to <paramref name="limit"/> pages' main content (<c>--content</c>) in URL order after <paramref name="afterUrl"/>.</summary>
    [Alias("ReadContentPage")]
    Task<ImmutableArray<PageContentResult>> ReadContentPageAsync(string jobId, string? afterUrl, int limit);

    /// <summary>Up to <paramref name="limit"/> pages' extracted fields (<c>--extract</c>) in URL order after <paramref name="afterUrl"/>.</summary>
    [Alias("ReadFieldsPage")]
    Task<ImmutableArray<PageFieldsResult>> ReadFieldsPageAsync(string jobId, string? afterUrl, int limit);

    /// <summary>The field names of the job's <c>--extract</c> rules, in rule order (the CSV columns); empty without rules.</summary>
    [Alias("FieldNames")]
    Task<ImmutableArray<string>> FieldNamesAsync(string jobId);
}
