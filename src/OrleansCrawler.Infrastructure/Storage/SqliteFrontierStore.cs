using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using OrleansCrawler.Core.Frontier;
using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Infrastructure.Storage;

/// <summary>The frontier in <c>frontier.db</c> beside <c>results.db</c> (its own file, so its writer never waits for
/// the results writer). Append-only, so that the cost of a batch does not grow with the frontier: an append is a row
/// of table <c>frontier</c> and a settle a row of table <c>settled</c>, both plain inserts at the end of the table (a
/// rowid one higher than the last) and, in the index on (job, partition) of each, at the end of the partition's range.
/// A batch dirties about the same pages on any size of frontier. A unique index on the URL's fingerprint, or a settle
/// that updates the URL's row, would dirty a random page per row instead, and a WAL commit writes every dirtied page
/// (1.65 times the batch cost from 100,000 to 1,000,000 URLs; see docs/benchmarks.md).
/// <para>Nothing is deduplicated or matched on write: <see cref="LoadAsync"/> does it for one partition. Each URL
/// comes back once, with its first depth and in the place of its first append, and with its last settle; a settle of a
/// URL the partition never appended is not returned. (A settle counts whether it was written before or after the
/// append; <see cref="FrontierJournal"/> never writes it before.)</para>
/// <para>WAL with synchronous=NORMAL: a committed batch survives the process being killed (kill -9), not a power cut
/// (see docs/design.md).</para></summary>
public sealed class SqliteFrontierStore : IFrontierStore, IDisposable
{
    /// <summary>In <c>PRAGMA user_version</c>. The first format (one row per URL, settled in place) left it at 0.</summary>
    internal const int SchemaVersion = 2;

    private const string InsertAppendSql =
        "INSERT INTO frontier (job, partition, fp, depth, url) VALUES ($job, $partition, $fp, $depth, $url)";

    private const string InsertSettleSql =
        "INSERT INTO settled (job, partition, fp, outcome, bytes, error_kind) VALUES ($job, $partition, $fp, $outcome, $bytes, $kind)";

    // Both in seq order through the index on (job, partition), whose entries end with the rowid (= seq): no sort.
    private const string LoadSettledSql =
        "SELECT fp, outcome, bytes, error_kind FROM settled WHERE job = $job AND partition = $partition ORDER BY seq";

    private const string LoadFrontierSql =
        "SELECT fp, url, depth FROM frontier WHERE job = $job AND partition = $partition ORDER BY seq";

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
    /// <exception cref="InvalidDataException">The file holds a frontier in another format.</exception>
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
        try
        {
            SqliteOpen.Open(writer);
            Execute(writer, null, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
            CreateSchema(writer, path);
        }
        catch
        {
            writer.Dispose();
            throw;
        }

        return new SqliteFrontierStore(connectionString, writer) { DatabasePath = path };
    }

    /// <summary>Creates the tables in a new file, or checks that an existing file has this format.</summary>
    private static void CreateSchema(SqliteConnection connection, string path)
    {
        using var transaction = connection.BeginTransaction();
        var version = Convert.ToInt32(Scalar(transaction, "PRAGMA user_version"), CultureInfo.InvariantCulture);
        if (version == SchemaVersion)
        {
            return;
        }

        if (version != 0 || Convert.ToInt32(Scalar(transaction, "SELECT count(*) FROM sqlite_master"), CultureInfo.InvariantCulture) != 0)
        {
            throw new InvalidDataException(
                $"{path} holds a frontier in a format this version cannot read (schema version {version}, expected {SchemaVersion}); " +
                "it was written by another build. Move or delete the file to start the frontier afresh (results.db is not affected).");
        }

        Execute(connection, transaction, $"""
            CREATE TABLE frontier (
                seq INTEGER PRIMARY KEY,
                job TEXT NOT NULL,
                partition INTEGER NOT NULL,
                fp INTEGER NOT NULL,
                depth INTEGER NOT NULL,
                url TEXT NOT NULL
            );
            CREATE INDEX frontier_partition ON frontier (job, partition);
            CREATE TABLE settled (
                seq INTEGER PRIMARY KEY,
                job TEXT NOT NULL,
                partition INTEGER NOT NULL,
                fp INTEGER NOT NULL,
                outcome INTEGER NOT NULL,
                bytes INTEGER NOT NULL,
                error_kind TEXT NULL
            );
            CREATE INDEX settled_partition ON settled (job, partition);
            PRAGMA user_version = {SchemaVersion};
            """);
        transaction.Commit();
    }

    public Task WriteAsync(FrontierBatch batch, CancellationToken cancellationToken = default)
    {
        // Callers are serialized by FrontierJournal's single writer loop; the lock keeps direct callers (benchmarks,
        // tests) safe on the one writer connection too.
        lock (_gate)
        {
            using var transaction = _writer.BeginTransaction();
            InsertAll(transaction, InsertAppendSql, batch.Appends, cancellationToken,
                [("$job", SqliteType.Text), ("$partition", SqliteType.Integer), ("$fp", SqliteType.Integer), ("$depth", SqliteType.Integer),
                    ("$url", SqliteType.Text)],
                (a, p) => (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value) = (a.JobId, a.Partition, a.Fingerprint, a.Depth, a.Url));
            InsertAll(transaction, InsertSettleSql, batch.Settles, cancellationToken,
                [("$job", SqliteType.Text), ("$partition", SqliteType.Integer), ("$fp", SqliteType.Integer), ("$outcome", SqliteType.Integer),
                    ("$bytes", SqliteType.Integer), ("$kind", SqliteType.Text)],
                (s, p) => (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value, p[5].Value) =
                    (s.JobId, s.Partition, s.Fingerprint, (int)s.Outcome, s.Bytes, (object?)s.ErrorKind ?? DBNull.Value));
            transaction.Commit();
        }

        return Task.CompletedTask;
    }

    /// <summary>Inserts rows with one prepared statement: its parameters declared once, bound per row.</summary>
    private void InsertAll<T>(SqliteTransaction transaction, string sql, IReadOnlyList<T> rows, CancellationToken cancellationToken,
        (string Name, SqliteType Type)[] columns, Action<T, SqliteParameterCollection> bind)
    {
        if (rows.Count == 0)
        {
            return;
        }

        using var insert = _writer.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = sql;
        foreach (var (name, type) in columns)
        {
            insert.Parameters.Add(name, type);
        }

        insert.Prepare();
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bind(row, insert.Parameters);
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>Reads the partition's settles into memory (the last one of a URL wins), then streams its appends in
    /// order, each URL once (its first append), with its settle if it has one. Both reads see one snapshot.</summary>
    public async IAsyncEnumerable<FrontierRow> LoadAsync(string jobId, int partition, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await SqliteOpen.OpenAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: true);

        var settles = new Dictionary<long, SettleColumns>();
        await using (var command = Command(connection, transaction, LoadSettledSql, jobId, partition))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                settles[reader.GetInt64(0)] = SettleColumns.Read(reader, 1);
            }
        }

        // Two activations of one partition at once may both have appended a URL: only its first row counts.
        var loaded = new HashSet<long>();
        await using (var command = Command(connection, transaction, LoadFrontierSql, jobId, partition))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var fp = reader.GetInt64(0);
                if (loaded.Add(fp))
                {
                    yield return settles.GetValueOrDefault(fp).Row(reader.GetString(1), reader.GetInt32(2));
                }
            }
        }
    }

    public Task DeleteAsync(string jobId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            using var transaction = _writer.BeginTransaction();
            using var command = _writer.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM frontier WHERE job = $job; DELETE FROM settled WHERE job = $job";
            command.Parameters.AddWithValue("$job", jobId);
            command.ExecuteNonQuery();
            transaction.Commit();
        }

        return Task.CompletedTask;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, string jobId, int partition)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$job", jobId);
        command.Parameters.AddWithValue("$partition", partition);
        return command;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteTransaction transaction, string sql)
    {
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _writer.Dispose();
        }
    }
}
