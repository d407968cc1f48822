using System.Data.Common;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Infrastructure.Storage;

/// <summary>The result row both page stores read (SQLite and PostgreSQL): its columns, in order, and the record made of
/// them. The stores differ only in how a column of time and a flag are kept, which each passes in.</summary>
internal static class PageRecordRows
{
    public const string Columns =
        "url, final_url, status, depth, title, outlinks, content_type, bytes, fetched_at, error, canonical, noindex, duplicate_of, duplicate_distance";

    /// <summary>The records of <paramref name="command"/>'s rows, which select <see cref="Columns"/>.</summary>
    /// <param name="fetchedAt">Reads column 8, <c>fetched_at</c>.</param>
    /// <param name="noindex">Reads column 11, <c>noindex</c>.</param>
    public static async Task<IReadOnlyList<PageRecord>> ReadAsync(DbCommand command, string jobId, int limit,
        Func<DbDataReader, DateTimeOffset> fetchedAt, Func<DbDataReader, bool> noindex, CancellationToken cancellationToken)
    {
        var records = new List<PageRecord>(Math.Min(limit, 1000));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(new PageRecord(
                jobId,
                reader.GetString(0),
                reader.GetString(1),
                reader.GetInt32(2),
                reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetInt64(7),
                fetchedAt(reader),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                noindex(reader),
                reader.IsDBNull(12) ? null : reader.GetString(12),
                reader.GetInt32(13)));
        }

        return records;
    }
}
