using Microsoft.Data.Sqlite;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Infrastructure.Storage;

/// <summary>The link graph in a SQLite file of its own (<c>links.db</c> beside <c>results.db</c>, so its writes never
/// wait for the results' writer): a row per page, keyed by (job, url), holding the page's outlinks encoded and deflated
/// (<see cref="OutlinkCodec"/>). Saves are group-committed like the results'.</summary>
public sealed class SqliteLinkStore : ILinkStore, IAsyncDisposable
{
    public const string FileName = "links.db";

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly GroupCommitter<PageOutlinks> _committer;

    private SqliteLinkStore(string connectionString, SqliteConnection writer, IWriteHealth? health)
    {
        _connectionString = connectionString;
        _writer = writer;
        _committer = new GroupCommitter<PageOutlinks>(WriteBatchAsync, retryDelay: GroupCommitter<PageOutlinks>.Backoff, health: health);
    }

    /// <summary>Opens (creating if needed) <c>links.db</c> in <paramref name="dataDirectory"/>.</summary>
    public static SqliteLinkStore Open(string dataDirectory, IWriteHealth? health = null)
    {
        Directory.CreateDirectory(dataDirectory);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(Path.Combine(dataDirectory, FileName)),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        var writer = new SqliteConnection(connectionString);
        writer.Open();
        Execute(writer, "PRAGMA journal_mode = WAL;");
        Execute(writer, "PRAGMA synchronous = NORMAL;");
        Execute(writer, "CREATE TABLE IF NOT EXISTS page_links (job TEXT NOT NULL, url TEXT NOT NULL, links BLOB NOT NULL, PRIMARY KEY (job, url)) WITHOUT ROWID;");
        return new SqliteLinkStore(connectionString, writer, health);
    }

    public Task SaveAsync(PageOutlinks page, CancellationToken cancellationToken = default) => _committer.SubmitAsync(page, cancellationToken);

    private Task WriteBatchAsync(IReadOnlyList<PageOutlinks> batch, CancellationToken cancellationToken)
    {
        using var transaction = _writer.BeginTransaction();
        using var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO page_links (job, url, links) VALUES ($job, $url, $links)
            ON CONFLICT (job, url) DO UPDATE SET links = excluded.links
            """;
        var job = command.Parameters.Add("$job", SqliteType.Text);
        var url = command.Parameters.Add("$url", SqliteType.Text);
        var links = command.Parameters.Add("$links", SqliteType.Blob);
        command.Prepare();
        foreach (var page in batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            job.Value = page.JobId;
            url.Value = page.Url;
            links.Value = OutlinkCodec.Encode(page.Links);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<PageOutlinks>> ReadPageAsync(string jobId, string? afterUrl, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT url, links FROM page_links WHERE job = $job AND url > $after ORDER BY url LIMIT $limit";
        command.Parameters.AddWithValue("$job", jobId);
        command.Parameters.AddWithValue("$after", afterUrl ?? "");
        command.Parameters.AddWithValue("$limit", limit);
        var pages = new List<PageOutlinks>(Math.Min(limit, 1000));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            pages.Add(new PageOutlinks(jobId, reader.GetString(0), OutlinkCodec.Decode((byte[])reader.GetValue(1))));
        }

        return pages;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        await _committer.DisposeAsync().ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
        SqliteConnection.ClearAllPools();
    }
}
