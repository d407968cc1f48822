using System.Globalization;
using Microsoft.Data.Sqlite;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Infrastructure.Storage;

/// <summary>Page results in a SQLite file (<c>results.db</c>), keyed by (job, url). Saves are group-committed:
/// whatever has queued up is written in one transaction, and each save completes when its transaction has.</summary>
public sealed partial class SqlitePageStore : IPageStore, IAsyncDisposable
{
    private const string UpsertSql = """
        INSERT INTO results (job, url, final_url, status, depth, title, outlinks, content_type, bytes, fetched_at, error, canonical, noindex, duplicate_of, duplicate_distance)
        VALUES ($job, $url, $final_url, $status, $depth, $title, $outlinks, $content_type, $bytes, $fetched_at, $error, $canonical, $noindex,
            $duplicate_of, $duplicate_distance)
        ON CONFLICT (job, url) DO UPDATE SET
            final_url = excluded.final_url, status = excluded.status, depth = excluded.depth, title = excluded.title,
            outlinks = excluded.outlinks, content_type = excluded.content_type, bytes = excluded.bytes,
            fetched_at = excluded.fetched_at, error = excluded.error, canonical = excluded.canonical, noindex = excluded.noindex,
            duplicate_of = excluded.duplicate_of, duplicate_distance = excluded.duplicate_distance
        """;

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly GroupCommitter<PageRecord> _committer;

    private SqlitePageStore(string connectionString, SqliteConnection writer, IWriteHealth? health)
    {
        _connectionString = connectionString;
        _writer = writer;
        // Failed writes (disk full, locked file) are retried in order, never dropped; the crawl stalls meanwhile.
        _committer = new GroupCommitter<PageRecord>(WriteBatchAsync, retryDelay: GroupCommitter<PageRecord>.Backoff, health: health);
    }

    public string DatabasePath { get; private init; } = "";

    /// <summary>Opens (creating if needed) <c>results.db</c> in <paramref name="dataDirectory"/>.</summary>
    public static SqlitePageStore Open(string dataDirectory, IWriteHealth? health = null)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.GetFullPath(Path.Combine(dataDirectory, "results.db"));
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        var writer = new SqliteConnection(connectionString);
        SqliteOpen.Open(writer);
        Execute(writer, "PRAGMA journal_mode = WAL;");
        Execute(writer, "PRAGMA synchronous = NORMAL;");
        Execute(writer, """
            CREATE TABLE IF NOT EXISTS results (
                job TEXT NOT NULL,
                url TEXT NOT NULL,
                final_url TEXT NOT NULL,
                status INTEGER NOT NULL,
                depth INTEGER NOT NULL,
                title TEXT NULL,
                outlinks INTEGER NOT NULL,
                content_type TEXT NULL,
                bytes INTEGER NOT NULL,
                fetched_at TEXT NOT NULL,
                error TEXT NULL,
                canonical TEXT NULL,
                noindex INTEGER NOT NULL DEFAULT 0
            );
            """);
        // A rowid table with a unique (job, url) index rather than a WITHOUT ROWID table keyed by (job, url): results
        // arrive in crawl order, and a keyed table puts each whole row on a random leaf of its B-tree (31 against 18 µs
        // of CPU per insert of a result row, docs/benchmarks.md). A file made before keeps its keyed table, which is its
        // own (job, url) index.
        if (!IsWithoutRowid(writer))
        {
            Execute(writer, "CREATE UNIQUE INDEX IF NOT EXISTS results_key ON results (job, url);");
        }

        Migrate(writer);
        // The console's newest-first listing (LatestAsync) reads this index backwards: a range scan, no sort.
        Execute(writer, "CREATE INDEX IF NOT EXISTS results_latest ON results (job, fetched_at, url);");
        return new SqlitePageStore(connectionString, writer, health) { DatabasePath = path };
    }

    private static bool IsWithoutRowid(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'results'";
        return command.ExecuteScalar() is string sql && sql.Contains("WITHOUT ROWID", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Brings a results table made by an older version up to date by adding the columns it lacks
    /// (idempotent: run at every open).</summary>
    private static void Migrate(SqliteConnection connection)
    {
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM pragma_table_info('results')";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                columns.Add(reader.GetString(0));
            }
        }

        if (!columns.Contains("canonical"))
        {
            Execute(connection, "ALTER TABLE results ADD COLUMN canonical TEXT NULL;");
        }

        if (!columns.Contains("noindex"))
        {
            Execute(connection, "ALTER TABLE results ADD COLUMN noindex INTEGER NOT NULL DEFAULT 0;");
        }

        // Near duplicates (--dedup, docs/dedup.md).
        if (!columns.Contains("duplicate_of"))
        {
            Execute(connection, "ALTER TABLE results ADD COLUMN duplicate_of TEXT NULL;");
            Execute(connection, "ALTER TABLE results ADD COLUMN duplicate_distance INTEGER NOT NULL DEFAULT 0;");
        }
    }

    public Task SaveAsync(PageRecord record, CancellationToken cancellationToken = default)
        => _committer.SubmitAsync(record, cancellationToken);

    private Task WriteBatchAsync(IReadOnlyList<PageRecord> batch, CancellationToken cancellationToken)
    {
        // One writer connection and the single committer loop: SQLite allows one writer at a time anyway.
        using var transaction = _writer.BeginTransaction();
        using var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = UpsertSql;
        var p = command.Parameters;
        var job = p.Add("$job", SqliteType.Text);
        var url = p.Add("$url", SqliteType.Text);
        var finalUrl = p.Add("$final_url", SqliteType.Text);
        var status = p.Add("$status", SqliteType.Integer);
        var depth = p.Add("$depth", SqliteType.Integer);
        var title = p.Add("$title", SqliteType.Text);
        var outlinks = p.Add("$outlinks", SqliteType.Integer);
        var contentType = p.Add("$content_type", SqliteType.Text);
        var bytes = p.Add("$bytes", SqliteType.Integer);
        var fetchedAt = p.Add("$fetched_at", SqliteType.Text);
        var error = p.Add("$error", SqliteType.Text);
        var canonical = p.Add("$canonical", SqliteType.Text);
        var noIndex = p.Add("$noindex", SqliteType.Integer);
        var duplicateOf = p.Add("$duplicate_of", SqliteType.Text);
        var duplicateDistance = p.Add("$duplicate_distance", SqliteType.Integer);
        command.Prepare();
        foreach (var r in batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            job.Value = r.JobId;
            url.Value = r.Url;
            finalUrl.Value = r.FinalUrl;
            status.Value = r.Status;
            depth.Value = r.Depth;
            title.Value = (object?)r.Title ?? DBNull.Value;
            outlinks.Value = r.Outlinks;
            contentType.Value = (object?)r.ContentType ?? DBNull.Value;
            bytes.Value = r.Bytes;
            fetchedAt.Value = r.FetchedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
            error.Value = (object?)r.Error ?? DBNull.Value;
            canonical.Value = (object?)r.Canonical ?? DBNull.Value;
            noIndex.Value = r.NoIndex ? 1 : 0;
            duplicateOf.Value = (object?)r.DuplicateOf ?? DBNull.Value;
            duplicateDistance.Value = r.DuplicateDistance;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<PageRecord>> ReadPageAsync(string jobId, string? afterUrl, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await SqliteOpen.OpenAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM results WHERE job = $job AND url > $after ORDER BY url LIMIT $limit";
        command.Parameters.AddWithValue("$job", jobId);
        command.Parameters.AddWithValue("$after", afterUrl ?? "");
        command.Parameters.AddWithValue("$limit", limit);
        return await ReadRecordsAsync(command, jobId, limit, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> CountAsync(string jobId, CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await SqliteOpen.OpenAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM results WHERE job = $job";
        command.Parameters.AddWithValue("$job", jobId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
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
