using System.Globalization;
using Microsoft.Data.Sqlite;
using OrleansCrawler.Core.Frontier;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Infrastructure.Storage;

/// <summary>Partitions' host summaries in a SQLite file of their own (<c>hosts.db</c> beside <c>results.db</c>; not in
/// <c>frontier.db</c>, whose format is versioned and whose writer is on the crawl's path): one row per (job, partition),
/// written when the partition deactivates. A silo that stops deactivates all its partitions at once: their saves are
/// group-committed (<see cref="GroupCommitter{T}"/>), one transaction for whatever has queued up, by one writer. Each
/// on a connection of its own, the 64 writers of a job met SQLite's write lock, and Microsoft.Data.Sqlite retries a
/// busy statement after sleeping 150 ms: the silo's stop took 0.2-0.4 s longer (docs/benchmarks.md, "Start-up").</summary>
public sealed class SqliteHostSummaryStore : IHostSummaryStore, IAsyncDisposable
{
    public const string FileName = "hosts.db";

    private readonly string _connectionString;
    private readonly GroupCommitter<PartitionHostsRecord> _committer;

    private SqliteHostSummaryStore(string connectionString)
    {
        _connectionString = connectionString;
        _committer = new GroupCommitter<PartitionHostsRecord>(WriteBatchAsync, maxBatch: 256);
    }

    /// <summary>Opens (creating if needed) <c>hosts.db</c> in <paramref name="dataDirectory"/>.</summary>
    public static SqliteHostSummaryStore Open(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(Path.Combine(dataDirectory, FileName)),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        using var connection = new SqliteConnection(connectionString);
        SqliteOpen.Open(connection);
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS partition_hosts (
                job TEXT NOT NULL,
                partition INTEGER NOT NULL,
                saved_at TEXT NOT NULL,
                hosts TEXT NOT NULL,
                PRIMARY KEY (job, partition)
            );
            """;
        command.ExecuteNonQuery();
        return new SqliteHostSummaryStore(connectionString);
    }

    public Task SaveAsync(PartitionHostsRecord record, CancellationToken cancellationToken = default) =>
        _committer.SubmitAsync(record, cancellationToken);

    private async Task WriteBatchAsync(IReadOnlyList<PartitionHostsRecord> batch, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await SqliteOpen.OpenAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO partition_hosts (job, partition, saved_at, hosts) VALUES ($job, $partition, $saved, $hosts)
            ON CONFLICT (job, partition) DO UPDATE SET saved_at = excluded.saved_at, hosts = excluded.hosts
            """;
        var job = command.Parameters.Add("$job", SqliteType.Text);
        var partition = command.Parameters.Add("$partition", SqliteType.Integer);
        var saved = command.Parameters.Add("$saved", SqliteType.Text);
        var hosts = command.Parameters.Add("$hosts", SqliteType.Text);
        foreach (var record in batch)
        {
            job.Value = record.JobId;
            partition.Value = record.Partition;
            saved.Value = record.SavedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
            hosts.Value = record.HostsJson;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PartitionHostsRecord>> ReadAsync(string jobId, CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await SqliteOpen.OpenAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT partition, saved_at, hosts FROM partition_hosts WHERE job = $job ORDER BY partition";
        command.Parameters.AddWithValue("$job", jobId);
        var records = new List<PartitionHostsRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(new PartitionHostsRecord(jobId, reader.GetInt32(0),
                DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), reader.GetString(2)));
        }

        return records;
    }

    public ValueTask DisposeAsync() => _committer.DisposeAsync();
}
