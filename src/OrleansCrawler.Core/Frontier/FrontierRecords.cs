using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Core.Frontier;

/// <summary>A URL a partition accepted. <see cref="Fingerprint"/> is <see cref="UrlFingerprint.Of(string)"/> of the URL
/// (the store's key with the job, and what the seen-set holds).</summary>
public readonly record struct FrontierAppend(string JobId, int Partition, long Fingerprint, string Url, int Depth)
{
    public static FrontierAppend Of(string jobId, int partition, string url, int depth) =>
        new(jobId, partition, unchecked((long)UrlFingerprint.Of(url)), url, depth);
}

/// <summary>A URL a partition settled, with what the partition's counters need to be rebuilt from the store:
/// the outcome, the bytes fetched and the kind of error (see <see cref="ErrorKind"/>). <see cref="Partition"/> is the
/// partition that appended the URL (a store may file settles by partition, to read them back with its rows).</summary>
public readonly record struct FrontierSettle(string JobId, int Partition, long Fingerprint, CrawlOutcome Outcome, long Bytes, string? ErrorKind)
{
    public static FrontierSettle Of(string jobId, int partition, string url, CrawlOutcome outcome, long bytes, string? errorKind) =>
        new(jobId, partition, unchecked((long)UrlFingerprint.Of(url)), outcome, bytes, errorKind);
}

/// <summary>One write to the frontier store: appends, then settles.</summary>
public sealed record FrontierBatch(IReadOnlyList<FrontierAppend> Appends, IReadOnlyList<FrontierSettle> Settles)
{
    public int Count => Appends.Count + Settles.Count;
}

/// <summary>A URL as the store has it: <see cref="Outcome"/> null while it is still to be crawled (queued, or in
/// flight when its partition went away: it is crawled again).</summary>
public readonly record struct FrontierRow(string Url, int Depth, CrawlOutcome? Outcome, long Bytes, string? ErrorKind);
