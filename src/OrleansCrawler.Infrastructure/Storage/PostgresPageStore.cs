using Npgsql;
using NpgsqlTypes;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Infrastructure.Storage;

/// <summary>Page results in PostgreSQL, shared by every silo of a cluster. Saves are group-committed and each
/// batch is one round trip: the columns travel as arrays and <c>unnest</c> turns them into rows for a single
/// <c>INSERT ... ON CONFLICT (job, url) DO UPDATE</c>.</summary>
public sealed partial class PostgresPageStore : IPageStore, IAsyncDisposable
{
    private const string UpsertSql = """
        INSERT INTO results (job, url, final_url, status, depth, title, outlinks, content_type, bytes, fetched_at, error, canonical, noindex, duplicate_of, duplicate_distance)
        SELECT * FROM unnest(@job, @url, @final_url, @status, @depth, @title, @outlinks, @content_type, @bytes, @fetched_at, @error, @canonical, @noindex,
            @duplicate_of, @duplicate_distance)
        ON CONFLICT (job, url) DO UPDATE SET
            final_url = excluded.final_url, status = excluded.status, depth = excluded.depth, title = excluded.title,
            outlinks = excluded.outlinks, content_type = excluded.content_type, bytes = excluded.bytes,
            fetched_at = excluded.fetched_at, error = excluded.error,
            canonical = excluded.canonical, noindex = excluded.noindex,
            duplicate_of = excluded.duplicate_of, duplicate_distance = excluded.duplicate_distance
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly GroupCommitter<PageRecord> _committer;

    public PostgresPageStore(NpgsqlDataSource dataSource, IWriteHealth? health = null)
    {
        _dataSource = dataSource;
        // A PostgreSQL restart: batches are retried in order until it is back, never dropped; the crawl stalls meanwhile.
        _committer = new GroupCommitter<PageRecord>(WriteBatchAsync, maxBatch: 1000, retryDelay: GroupCommitter<PageRecord>.Backoff, health: health);
    }

    public Task SaveAsync(PageRecord record, CancellationToken cancellationToken = default)
        => _committer.SubmitAsync(record, cancellationToken);

    private async Task WriteBatchAsync(IReadOnlyList<PageRecord> batch, CancellationToken cancellationToken)
    {
        // One statement may not update the same row twice: the last save of a (job, url) in the batch wins.
        var rows = batch.Count == 1 ? batch : batch.GroupBy(r => (r.JobId, r.Url)).Select(g => g.Last()).ToList();
        await using var command = _dataSource.CreateCommand(UpsertSql);
        Add(command, "job", NpgsqlDbType.Text, rows.Select(r => r.JobId));
        Add(command, "url", NpgsqlDbType.Text, rows.Select(r => r.Url));
        Add(command, "final_url", NpgsqlDbType.Text, rows.Select(r => r.FinalUrl));
        Add(command, "status", NpgsqlDbType.Integer, rows.Select(r => r.Status));
        Add(command, "depth", NpgsqlDbType.Integer, rows.Select(r => r.Depth));
        Add(command, "title", NpgsqlDbType.Text, rows.Select(r => r.Title));
        Add(command, "outlinks", NpgsqlDbType.Integer, rows.Select(r => r.Outlinks));
        Add(command, "content_type", NpgsqlDbType.Text, rows.Select(r => r.ContentType));
        Add(command, "bytes", NpgsqlDbType.Bigint, rows.Select(r => r.Bytes));
        Add(command, "fetched_at", NpgsqlDbType.TimestampTz, rows.Select(r => r.FetchedAt.UtcDateTime));
        Add(command, "error", NpgsqlDbType.Text, rows.Select(r => r.Error));
        Add(command, "canonical", NpgsqlDbType.Text, rows.Select(r => r.Canonical));
        Add(command, "noindex", NpgsqlDbType.Boolean, rows.Select(r => r.NoIndex));
        Add(command, "duplicate_of", NpgsqlDbType.Text, rows.Select(r => r.DuplicateOf));
        Add(command, "duplicate_distance", NpgsqlDbType.Integer, rows.Select(r => r.DuplicateDistance));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Add<T>(NpgsqlCommand command, string name, NpgsqlDbType type, IEnumerable<T> values)
        => command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | type) { Value = values.ToArray() });

    public async Task<IReadOnlyList<PageRecord>> ReadPageAsync(string jobId, string? afterUrl, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM results WHERE job = @job AND url > @after ORDER BY url LIMIT @limit");
        command.Parameters.AddWithValue("job", jobId);
        command.Parameters.AddWithValue("after", afterUrl ?? "");
        command.Parameters.AddWithValue("limit", limit);
        return await ReadRecordsAsync(command, jobId, limit, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> CountAsync(string jobId, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT count(*) FROM results WHERE job = @job");
        command.Parameters.AddWithValue("job", jobId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public ValueTask DisposeAsync() => _committer.DisposeAsync();
}
