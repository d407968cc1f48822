using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using OrleansCrawler.Core.Frontier;
using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Infrastructure.Storage;

/// <summary>The frontier in <c>frontier.db</c> beside <c>results.db</c> (its own file, so its writer never waits for
/// the results writer). One row per accepted URL keyed by (job, fingerprint); a settle fills in the outcome. Rows are
/// read back per partition in append order (rowid). WAL with synchronous=NORMAL: a committed batch survives the
/// process being killed (kill -9), not a power cut (see docs/design.md).</summary>
public sealed class SqliteFrontierStore : IFrontierStore, IDisposable
{
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly object _gate = new();

    private SqliteFrontierStore(string connectionString, SqliteConnection writer)
    {
        _connectionString = connectionString;
        _writer = writer;
    }

    public string DatabasePath { get; private init; } = "";

    /// <summary>Opens (creating if needed) <c>frontier.db</c> in <paramref name="dataDirectory"/>.</summary>
    public static SqliteFrontierStore Open(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.GetFullPath(Path.Combine(dataDirectory, "frontier.db"));
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        var writer = new SqliteConnection(connectionString);
        writer.Open();
        Execute(writer, """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS frontier (
                seq INTEGER PRIMARY KEY,
                job TEXT NOT NULL,
                fp INTEGER NOT NULL,
                partition INTEGER NOT NULL,
                depth INTEGER NOT NULL,
                url TEXT NOT NULL,
                outcome INTEGER NULL,
                bytes INTEGER NOT NULL DEFAULT 0,
                error_kind TEXT NULL
            );
            CREATE UNIQUE INDEX IF NOT EXISTS frontier_key ON frontier (job, fp);
            CREATE INDEX IF NOT EXISTS frontier_partition ON frontier (job, partition);
            """);
        return new SqliteFrontierStore(connectionString, writer) { DatabasePath = path };
    }

    public Task WriteAsync(FrontierBatch batch, CancellationToken cancellationToken = default)
    {
        // Callers are serialized by FrontierJournal's single writer loop; the lock keeps direct callers (benchmarks,
        // tests) safe on the one writer connection too.
        lock (_gate)
        {
            using var transaction = _writer.BeginTransaction();
            if (batch.Appends.Count > 0)
            {
                using var insert = _writer.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO frontier (job, fp, partition, depth, url) VALUES ($job, $fp, $partition, $depth, $url) ON CONFLICT (job, fp) DO NOTHING";
                var job = insert.Parameters.Add("$job", SqliteType.Text);
                var fp = insert.Parameters.Add("$fp", SqliteType.Integer);
                var partition = insert.Parameters.Add("$partition", SqliteType.Integer);
                var depth = insert.Parameters.Add("$depth", SqliteType.Integer);
                var url = insert.Parameters.Add("$url", SqliteType.Text);
                insert.Prepare();
                foreach (var a in batch.Appends)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    (job.Value, fp.Value, partition.Value, depth.Value, url.Value) = (a.JobId, a.Fingerprint, a.Partition, a.Depth, a.Url);
                    insert.ExecuteNonQuery();
                }
            }

            if (batch.Settles.Count > 0)
            {
                using var update = _writer.CreateCommand();
                update.Transaction = transaction;
                update.CommandText = "UPDATE frontier SET outcome = $outcome, bytes = $bytes, error_kind = $kind WHERE job = $job AND fp = $fp";
                var job = update.Parameters.Add("$job", SqliteType.Text);
                var fp = update.Parameters.Add("$fp", SqliteType.Integer);
                var outcome = update.Parameters.Add("$outcome", SqliteType.Integer);
                var bytes = update.Parameters.Add("$bytes", SqliteType.Integer);
                var kind = update.Parameters.Add("$kind", SqliteType.Text);
                update.Prepare();
                foreach (var s in batch.Settles)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    (job.Value, fp.Value, outcome.Value, bytes.Value) = (s.JobId, s.Fingerprint, (int)s.Outcome, s.Bytes);
                    kind.Value = (object?)s.ErrorKind ?? DBNull.Value;
                    update.ExecuteNonQuery();
                }
            }

            transaction.Commit();
        }

        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<FrontierRow> LoadAsync(string jobId, int partition, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        await foreach (var row in FrontierRows.LoadAsync(command, jobId, partition, cancellationToken).ConfigureAwait(false))
        {
            yield return row;
        }
    }

    public Task DeleteAsync(string jobId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            using var command = _writer.CreateCommand();
            command.CommandText = FrontierRows.DeleteSql;
            command.Parameters.AddWithValue("@job", jobId);
            command.ExecuteNonQuery();
        }

        return Task.CompletedTask;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _writer.Dispose();
        }
    }
}
