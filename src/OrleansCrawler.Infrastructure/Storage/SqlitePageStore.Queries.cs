using System.Globalization;
using Microsoft.Data.Sqlite;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Infrastructure.Storage;

/// <summary>The reads of <see cref="SqlitePageStore"/>: export's URL order and the console's queries.</summary>
public sealed partial class SqlitePageStore
{
    private const string Columns = PageRecordRows.Columns;

    /// <summary>fetched_at is stored as round-trip UTC text of fixed width, so text order is time order.</summary>
    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Newest first (internal: the tests check its query plan reads the index results_latest, with no sort).</summary>
    internal const string LatestSql = $"SELECT {Columns} FROM results WHERE job = $job ORDER BY fetched_at DESC, url DESC LIMIT $limit";

    internal const string LatestAfterSql = $"SELECT {Columns} FROM results WHERE job = $job AND (fetched_at, url) < ($at, $url) ORDER BY fetched_at DESC, url DESC LIMIT $limit";

    public async Task<IReadOnlyList<PageRecord>> LatestAsync(string jobId, int limit, PageCursor? before, CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await SqliteOpen.OpenAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        // Row-value comparison on the index results_latest (job, fetched_at, url), read backwards.
        command.CommandText = before is null
            ? LatestSql
            : LatestAfterSql;
        command.Parameters.AddWithValue("$job", jobId);
        command.Parameters.AddWithValue("$limit", limit);
        if (before is not null)
        {
            command.Parameters.AddWithValue("$at", Timestamp(before.FetchedAt));
            command.Parameters.AddWithValue("$url", before.Url);
        }

        return await ReadRecordsAsync(command, jobId, limit, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PageRecord>> SearchAsync(string jobId, string contains, string? afterUrl, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await SqliteOpen.OpenAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        // instr takes the text literally (no LIKE wildcards to escape); lower() folds ASCII, which is what URLs are made of.
        command.CommandText = $"""
            SELECT {Columns} FROM results WHERE job = $job AND url > $after AND instr(lower(url), lower($q)) > 0 ORDER BY url LIMIT $limit
            """;
        command.Parameters.AddWithValue("$job", jobId);
        command.Parameters.AddWithValue("$after", afterUrl ?? "");
        command.Parameters.AddWithValue("$q", contains);
        command.Parameters.AddWithValue("$limit", limit);
        return await ReadRecordsAsync(command, jobId, limit, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ErrorSamplesAsync(string jobId, IReadOnlyCollection<string>? kinds, int perKind,
        CancellationToken cancellationToken = default)
    {
        var collector = new ErrorSampleCollector(kinds, perKind);
        await using var connection = new SqliteConnection(_connectionString);
        await SqliteOpen.OpenAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT url, status, error FROM results WHERE job = $job AND url > $after AND (status >= 400 OR error IS NOT NULL)
            ORDER BY url LIMIT $limit
            """;
        command.Parameters.AddWithValue("$job", jobId);
        var after = command.Parameters.AddWithValue("$after", "");
        command.Parameters.AddWithValue("$limit", ErrorSampleCollector.ChunkSize);
        for (var read = ErrorSampleCollector.ChunkSize; read == ErrorSampleCollector.ChunkSize && !collector.IsFull;)
        {
            read = 0;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                read++;
                after.Value = reader.GetString(0);
                collector.Add(reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2));
            }
        }

        return collector.Samples;
    }

    private static Task<IReadOnlyList<PageRecord>> ReadRecordsAsync(SqliteCommand command, string jobId, int limit, CancellationToken cancellationToken) =>
        PageRecordRows.ReadAsync(command, jobId, limit,
            r => DateTimeOffset.Parse(r.GetString(8), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), r => r.GetInt64(11) != 0, cancellationToken);
}
