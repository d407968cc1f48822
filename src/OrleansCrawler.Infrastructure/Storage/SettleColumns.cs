using System.Data.Common;
using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Frontier;

namespace OrleansCrawler.Infrastructure.Storage;

/// <summary>What a settle leaves in a frontier store, as both stores keep it: columns <c>outcome</c> (a small integer,
/// null while the URL is queued), <c>bytes</c> and <c>error_kind</c>, in that order.</summary>
internal readonly record struct SettleColumns(CrawlOutcome? Outcome, long Bytes, string? ErrorKind)
{
    /// <summary>Reads the three columns starting at <paramref name="ordinal"/>.</summary>
    public static SettleColumns Read(DbDataReader reader, int ordinal) => new(
        reader.IsDBNull(ordinal) ? null : (CrawlOutcome)reader.GetInt16(ordinal),
        reader.GetInt64(ordinal + 1),
        reader.IsDBNull(ordinal + 2) ? null : reader.GetString(ordinal + 2));

    /// <summary>The row of a URL with this settle (<c>default</c>: still queued).</summary>
    public FrontierRow Row(string url, int depth) => new(url, depth, Outcome, Bytes, ErrorKind);
}
