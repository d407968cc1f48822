using Npgsql;
using NpgsqlTypes;
using OrleansCrawler.Core.Fields;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Infrastructure.Storage;

/// <summary>Pages' extracted fields in PostgreSQL (table <c>page_fields</c>, migration 6: a row per page keyed by (job,
/// url), the <c>fields</c> object as <c>json</c>, kept as written), shared by every silo. Saves are group-committed, one <c>unnest</c>
/// upsert per batch, as the content's are.</summary>
public sealed class PostgresFieldStore(NpgsqlDataSource dataSource, IWriteHealth? health = null) : IFieldStore, IAsyncDisposable
{
    private readonly GroupCommitter<PageFields> _committer = new(
        (batch, ct) => WriteBatchAsync(dataSource, batch, ct), maxBatch: 500, retryDelay: GroupCommitter<PageFields>.Backoff, health: health);

    public Task SaveAsync(PageFields fields, CancellationToken cancellationToken = default) => _committer.SubmitAsync(fields, cancellationToken);

    private static async Task WriteBatchAsync(NpgsqlDataSource dataSource, IReadOnlyList<PageFields> batch, CancellationToken cancellationToken)
    {
        // One statement may not update the same row twice: the last save of a (job, url) in the batch wins.
        var rows = batch.Count == 1 ? batch : batch.GroupBy(p => (p.JobId, p.Url)).Select(g => g.Last()).ToList();
        await using var command = dataSource.CreateCommand("""
            INSERT INTO page_fields (job, url, fields, missing, errors) SELECT * FROM unnest(@job, @url, @fields, @missing, @errors)
            ON CONFLICT (job, url) DO UPDATE SET fields = excluded.fields, missing = excluded.missing, errors = excluded.errors
            """);
        command.Parameters.Add(new NpgsqlParameter("job", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(p => p.JobId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("url", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(p => p.Url).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("fields", NpgsqlDbType.Array | NpgsqlDbType.Json) { Value = rows.Select(p => p.Json).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("missing", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(p => p.Missing).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("errors", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(p => p.Errors).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PageFields>> ReadPageAsync(string jobId, string? afterUrl, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT url, fields::text, missing, errors FROM page_fields WHERE job = @job AND url > @after ORDER BY url LIMIT @limit");
        command.Parameters.AddWithValue("job", jobId);
        command.Parameters.AddWithValue("after", afterUrl ?? "");
        command.Parameters.AddWithValue("limit", limit);
        var pages = new List<PageFields>(Math.Min(limit, 1000));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            pages.Add(new PageFields(jobId, reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return pages;
    }

    public ValueTask DisposeAsync() => _committer.DisposeAsync();
}
