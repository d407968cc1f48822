using Microsoft.Data.Sqlite;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Infrastructure.Storage;

/// <summary>A page feature's SQLite file of its own beside <c>results.db</c> (so its writes never wait for the results'
/// writer): WAL, one writer connection, a row per page keyed by (job, url) and upserted, saves group-committed like the
/// results', reads a page of rows at a time in URL order on connections of their own. The link graph, page content and
/// fields are kept this way.
/// <para>The table is a rowid table with a unique (job, url) index, not a <c>WITHOUT ROWID</c> table keyed by (job, url):
/// rows arrive in crawl order, not URL order, and a keyed table puts each whole row on a random leaf of its B-tree,
/// moving kilobytes per insert (SQLite advises rowid tables for rows over a twentieth of a page). Measured with 10 kB
/// rows (a page's compressed Markdown is about that): 170-220 µs of CPU per insert keyed, 55-73 µs with the rowid
/// table; 2.5 kB rows 88-94 against 32-35 µs (docs/benchmarks.md). A file made before keeps its keyed table.</para></summary>
/// <typeparam name="T">What one saved row holds.</typeparam>
public abstract class SqliteSideFile<T> : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly GroupCommitter<T> _committer;
    private readonly string _upsert;
    private readonly (string Name, SqliteType Type)[] _columns;

    /// <param name="table">The table's name.</param>
    /// <param name="createTable">The file's table, created if missing (a rowid table with <c>job</c> and <c>url</c> columns:
    /// the unique key index is added here).</param>
    /// <param name="upsert">The statement that writes one row, with a parameter per entry of <paramref name="columns"/>
    /// (bound in that order by <see cref="Values"/>).</param>
    protected SqliteSideFile(string dataDirectory, string fileName, string table, string createTable, string upsert,
        (string Name, SqliteType Type)[] columns, IWriteHealth? health)
    {
        Directory.CreateDirectory(dataDirectory);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(Path.Combine(dataDirectory, fileName)),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        _upsert = upsert;
        _columns = columns;
        _writer = new SqliteConnection(_connectionString);
        SqliteOpen.Open(_writer);
        Execute("PRAGMA journal_mode = WAL;");
        Execute("PRAGMA synchronous = NORMAL;");
        Execute(createTable);
        if (!IsWithoutRowid(table))
        {
            Execute($"CREATE UNIQUE INDEX IF NOT EXISTS {table}_key ON {table} (job, url);");
        }

        _committer = new GroupCommitter<T>(WriteBatchAsync, retryDelay: GroupCommitter<T>.Backoff, health: health);
    }

    /// <summary>The values of one row, in the order of the constructor's columns.</summary>
    protected abstract object?[] Values(T row);

    protected Task SubmitAsync(T row, CancellationToken cancellationToken) => _committer.SubmitAsync(row, cancellationToken);

    private Task WriteBatchAsync(IReadOnlyList<T> batch, CancellationToken cancellationToken)
    {
        using var transaction = _writer.BeginTransaction();
        using var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = _upsert;
        var parameters = _columns.Select(c => command.Parameters.Add(c.Name, c.Type)).ToArray();
        command.Prepare();
        foreach (var row in batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var values = Values(row);
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = values[i] ?? DBNull.Value;
            }

            command.ExecuteNonQuery();
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    /// <summary>Up to <paramref name="limit"/> rows of a job after <paramref name="afterUrl"/>, in URL order.</summary>
    /// <param name="select">A query with the parameters <c>$job</c>, <c>$after</c> and <c>$limit</c>.</param>
    protected async Task<IReadOnlyList<T>> ReadPageAsync(string select, string jobId, string? afterUrl, int limit, Func<SqliteDataReader, T> read,
        CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await SqliteOpen.OpenAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = select;
        command.Parameters.AddWithValue("$job", jobId);
        command.Parameters.AddWithValue("$after", afterUrl ?? "");
        command.Parameters.AddWithValue("$limit", limit);
        var rows = new List<T>(Math.Min(limit, 1000));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>Whether the table is a keyed <c>WITHOUT ROWID</c> one (made before the rowid layout; its key is (job, url)).</summary>
    private bool IsWithoutRowid(string table)
    {
        using var command = _writer.CreateCommand();
        command.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = $table";
        command.Parameters.AddWithValue("$table", table);
        return command.ExecuteScalar() is string sql && sql.Contains("WITHOUT ROWID", StringComparison.OrdinalIgnoreCase);
    }

    private void Execute(string sql)
    {
        using var command = _writer.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        await _committer.DisposeAsync().ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
        SqliteConnection.ClearAllPools();
        GC.SuppressFinalize(this);
    }
}
