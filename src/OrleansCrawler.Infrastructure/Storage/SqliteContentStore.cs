using Microsoft.Data.Sqlite;
using OrleansCrawler.Core.Content;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Infrastructure.Storage;

/// <summary>Pages' main content in a SQLite file of its own (<c>content.db</c> beside <c>results.db</c>, so its writes
/// never wait for the results' writer): a row per page keyed by (job, url) with the format, language, word count and the
/// body Brotli-compressed (<see cref="ContentCodec"/>). Saves are group-committed like the results'.</summary>
public sealed class SqliteContentStore : IContentStore, IAsyncDisposable
{
    public const string FileName = "content.db";

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly GroupCommitter<PageContent> _committer;

    private SqliteContentStore(string connectionString, SqliteConnection writer, IWriteHealth? health)
    {
        _connectionString = connectionString;
        _writer = writer;
        _committer = new GroupCommitter<PageContent>(WriteBatchAsync, retryDelay: GroupCommitter<PageContent>.Backoff, health: health);
    }

    /// <summary>Opens (creating if needed) <c>content.db</c> in <paramref name="dataDirectory"/>.</summary>
    public static SqliteContentStore Open(string dataDirectory, IWriteHealth? health = null)
    {
        Directory.CreateDirectory(dataDirectory);
        var connectionString = ConnectionString(dataDirectory, SqliteOpenMode.ReadWriteCreate);
        var writer = new SqliteConnection(connectionString);
        writer.Open();
        Execute(writer, "PRAGMA journal_mode = WAL;");
        Execute(writer, "PRAGMA synchronous = NORMAL;");
        Execute(writer, """
            CREATE TABLE IF NOT EXISTS page_content (job TEXT NOT NULL, url TEXT NOT NULL, format INTEGER NOT NULL, language TEXT NULL,
                words INTEGER NOT NULL, body BLOB NOT NULL, PRIMARY KEY (job, url)) WITHOUT ROWID;
            """);
        return new SqliteContentStore(connectionString, writer, health);
    }

    /// <summary>Whether a data folder holds captured content (a crawl without <c>--content</c> has no file).</summary>
    public static bool Exists(string dataDirectory) => File.Exists(Path.Combine(dataDirectory, FileName));

    public Task SaveAsync(PageContent content, CancellationToken cancellationToken = default) => _committer.SubmitAsync(content, cancellationToken);

    private Task WriteBatchAsync(IReadOnlyList<PageContent> batch, CancellationToken cancellationToken)
    {
        using var transaction = _writer.BeginTransaction();
        using var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO page_content (job, url, format, language, words, body) VALUES ($job, $url, $format, $language, $words, $body)
            ON CONFLICT (job, url) DO UPDATE SET format = excluded.format, language = excluded.language, words = excluded.words, body = excluded.body
            """;
        var job = command.Parameters.Add("$job", SqliteType.Text);
        var url = command.Parameters.Add("$url", SqliteType.Text);
        var format = command.Parameters.Add("$format", SqliteType.Integer);
        var language = command.Parameters.Add("$language", SqliteType.Text);
        var words = command.Parameters.Add("$words", SqliteType.Integer);
        var body = command.Parameters.Add("$body", SqliteType.Blob);
        command.Prepare();
        foreach (var page in batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            job.Value = page.JobId;
            url.Value = page.Url;
            format.Value = (int)page.Format;
            language.Value = (object?)page.Language ?? DBNull.Value;
            words.Value = page.Words;
            body.Value = ContentCodec.Encode(page.Body);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<PageContent>> ReadPageAsync(string jobId, string? afterUrl, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT url, format, language, words, body FROM page_content WHERE job = $job AND url > $after ORDER BY url LIMIT $limit";
        command.Parameters.AddWithValue("$job", jobId);
        command.Parameters.AddWithValue("$after", afterUrl ?? "");
        command.Parameters.AddWithValue("$limit", limit);
        var pages = new List<PageContent>(Math.Min(limit, 1000));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            pages.Add(new PageContent(jobId, reader.GetString(0), (ContentFormat)reader.GetInt32(1), ContentCodec.Decode((byte[])reader.GetValue(4)),
                reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt32(3)));
        }

        return pages;
    }

    private static string ConnectionString(string dataDirectory, SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(Path.Combine(dataDirectory, FileName)),
        Mode = mode,
        Pooling = true,
    }.ToString();

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
