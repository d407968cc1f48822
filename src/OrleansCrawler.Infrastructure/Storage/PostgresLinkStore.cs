using Npgsql;
using NpgsqlTypes;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Infrastructure.Storage;

/// <summary>The link graph in PostgreSQL (table <c>page_links</c>, a row per page keyed by (job, url) holding its
/// outlinks encoded and deflated: <see cref="OutlinkCodec"/>), shared by every silo. Saves are group-committed, one
/// <c>unnest</c> upsert per batch, as the results' are.</summary>
public sealed class PostgresLinkStore(NpgsqlDataSource dataSource, IWriteHealth? health = null) : ILinkStore, IAsyncDisposable
{
    private readonly GroupCommitter<PageOutlinks> _committer = new(
        (batch, ct) => WriteBatchAsync(dataSource, batch, ct), maxBatch: 500, retryDelay: GroupCommitter<PageOutlinks>.Backoff, health: health);

    public Task SaveAsync(PageOutlinks page, CancellationToken cancellationToken = default) => _committer.SubmitAsync(page, cancellationToken);

    private static async Task WriteBatchAsync(NpgsqlDataSource dataSource, IReadOnlyList<PageOutlinks> batch, CancellationToken cancellationToken)
    {
        // One statement may not update the same row twice: the last save of a (job, url) in the batch wins.
        var rows = batch.Count == 1 ? batch : batch.GroupBy(p => (p.JobId, p.Url)).Select(g => g.Last()).ToList();
        await using var command = dataSource.CreateCommand("""
            INSERT INTO page_links (job, url, links) SELECT * FROM unnest(@job, @url, @links)
            ON CONFLICT (job, url) DO UPDATE SET links = excluded.links
            """);
        command.Parameters.Add(new NpgsqlParameter("job", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(p => p.JobId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("url", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(p => p.Url).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("links", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = rows.Select(p => OutlinkCodec.Encode(p.Links)).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PageOutlinks>> ReadPageAsync(string jobId, string? afterUrl, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT url, links FROM page_links WHERE job = @job AND url > @after ORDER BY url LIMIT @limit");
        command.Parameters.AddWithValue("job", jobId);
        command.Parameters.AddWithValue("after", afterUrl ?? "");
        command.Parameters.AddWithValue("limit", limit);
        var pages = new List<PageOutlinks>(Math.Min(limit, 1000));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            pages.Add(new PageOutlinks(jobId, reader.GetString(0), OutlinkCodec.Decode(reader.GetFieldValue<byte[]>(1))));
        }

        return pages;
    }

    public ValueTask DisposeAsync() => _committer.DisposeAsync();
}
