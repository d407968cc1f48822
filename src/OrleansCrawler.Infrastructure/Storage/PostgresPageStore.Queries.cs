using Npgsql;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Infrastructure.Storage;

/// <summary>The reads of <see cref="PostgresPageStore"/>: export's URL order and the console's queries.</summary>
public sealed partial class PostgresPageStore
{
    private const string Columns = PageRecordRows.Columns;

    /// <summary>Newest first (internal: the tests check its query plan reads the index results_latest, with no sort).</summary>
    internal const string LatestSql = $"SELECT {Columns} FROM results WHERE job = @job ORDER BY fetched_at DESC, url DESC LIMIT @limit";

    internal const string LatestAfterSql = $"SELECT {Columns} FROM results WHERE job = @job AND (fetched_at, url) < (@at, @url) ORDER BY fetched_at DESC, url DESC LIMIT @limit";

    public async Task<IReadOnlyList<PageRecord>> LatestAsync(string jobId, int limit, PageCursor? before, CancellationToken cancellationToken = default)
    {
        // Row-value comparison on the index results_latest (job, fetched_at, url) of migration 8, read backwards.
        await using var command = _dataSource.CreateCommand(before is null
            ? LatestSql
            : LatestAfterSql);
        command.Parameters.AddWithValue("job", jobId);
        command.Parameters.AddWithValue("limit", limit);
        if (before is not null)
        {
            command.Parameters.AddWithValue("at", before.FetchedAt.UtcDateTime);
            command.Parameters.AddWithValue("url", before.Url);
        }

        return await ReadRecordsAsync(command, jobId, limit, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PageRecord>> SearchAsync(string jobId, string contains, string? afterUrl, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"""
            SELECT {Columns} FROM results WHERE job = @job AND url > @after AND url ILIKE @pattern ESCAPE '\' ORDER BY url LIMIT @limit
            """);
        command.Parameters.AddWithValue("job", jobId);
        command.Parameters.AddWithValue("after", afterUrl ?? "");
        command.Parameters.AddWithValue("pattern", "%" + EscapeLike(contains) + "%");
        command.Parameters.AddWithValue("limit", limit);
        return await ReadRecordsAsync(command, jobId, limit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The text taken literally in a LIKE pattern with <c>ESCAPE '\'</c>.</summary>
    internal static string EscapeLike(string text) => text.Replace(@"\", @"\\", StringComparison.Ordinal)
        .Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ErrorSamplesAsync(string jobId, IReadOnlyCollection<string>? kinds, int perKind,
        CancellationToken cancellationToken = default)
    {
        var collector = new ErrorSampleCollector(kinds, perKind);
        var after = "";
        for (var read = ErrorSampleCollector.ChunkSize; read == ErrorSampleCollector.ChunkSize && !collector.IsFull;)
        {
            await using var command = _dataSource.CreateCommand("""
                SELECT url, status, error FROM results WHERE job = @job AND url > @after AND (status >= 400 OR error IS NOT NULL)
                ORDER BY url LIMIT @limit
                """);
            command.Parameters.AddWithValue("job", jobId);
            command.Parameters.AddWithValue("after", after);
            command.Parameters.AddWithValue("limit", ErrorSampleCollector.ChunkSize);
            read = 0;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                read++;
                after = reader.GetString(0);
                collector.Add(after, reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2));
            }
        }

        return collector.Samples;
    }

    private static Task<IReadOnlyList<PageRecord>> ReadRecordsAsync(NpgsqlCommand command, string jobId, int limit, CancellationToken cancellationToken) =>
        PageRecordRows.ReadAsync(command, jobId, limit, r => new DateTimeOffset(r.GetDateTime(8), TimeSpan.Zero), r => r.GetBoolean(11), cancellationToken);
}
