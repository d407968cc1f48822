using Npgsql;
using NpgsqlTypes;
using OrleansCrawler.Core.Content;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Infrastructure.Storage;

/// <summary>Pages' main content in PostgreSQL (table <c>page_content</c>, a row per page keyed by (job, url) with the
/// body Brotli-compressed: <see cref="ContentCodec"/>), shared by every silo. Saves are group-committed, one
/// <c>unnest</c> upsert per batch, as the link graph's are.</summary>
public sealed class PostgresContentStore(NpgsqlDataSource dataSource, IWriteHealth? health = null) : IContentStore, IAsyncDisposable
{
    private readonly GroupCommitter<PageContent> _committer = new(
        (batch, ct) => WriteBatchAsync(dataSource, batch, ct), maxBatch: 500, retryDelay: GroupCommitter<PageContent>.Backoff, health: health);

    public Task SaveAsync(PageContent content, CancellationToken cancellationToken = default) => _committer.SubmitAsync(content, cancellationToken);

    private static async Task WriteBatchAsync(NpgsqlDataSource dataSource, IReadOnlyList<PageContent> batch, CancellationToken cancellationToken)
    {
        // One statement may not update the same row twice: the last save of a (job, url) in the batch wins.
        var rows = batch.Count == 1 ? batch : batch.GroupBy(p => (p.JobId, p.Url)).Select(g => g.Last()).ToList();
        await using var command = dataSource.CreateCommand("""
            INSERT INTO page_content (job, url, format, language, words, body) SELECT * FROM unnest(@job, @url, @format, @language, @words, @body)
            ON CONFLICT (job, url) DO UPDATE SET format = excluded.format, language = excluded.language, words = excluded.words, body = excluded.body
            """);
        command.Parameters.Add(new NpgsqlParameter("job", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(p => p.JobId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("url", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(p => p.Url).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("format", NpgsqlDbType.Array | NpgsqlDbType.Smallint) { Value = rows.Select(p => (short)p.Format).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("language", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(p => p.Language).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("words", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = rows.Select(p => p.Words).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("body", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = rows.Select(p => ContentCodec.Encode(p.Body)).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PageContent>> ReadPageAsync(string jobId, string? afterUrl, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT url, format, language, words, body FROM page_content WHERE job = @job AND url > @after ORDER BY url LIMIT @limit");
        command.Parameters.AddWithValue("job", jobId);
        command.Parameters.AddWithValue("after", afterUrl ?? "");
        command.Parameters.AddWithValue("limit", limit);
        var pages = new List<PageContent>(Math.Min(limit, 1000));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            pages.Add(new PageContent(jobId, reader.GetString(0), (ContentFormat)reader.GetInt16(1), ContentCodec.Decode(reader.GetFieldValue<byte[]>(4)),
                reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt32(3)));
        }

        return pages;
    }

    public ValueTask DisposeAsync() => _committer.DisposeAsync();
}
