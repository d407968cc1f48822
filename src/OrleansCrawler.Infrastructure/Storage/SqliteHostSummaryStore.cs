using System.Globalization;
using Microsoft.Data.Sqlite;
using OrleansCrawler.Core.Frontier;
using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Infrastructure.Storage;

/// <summary>Partitions' host summaries in a SQLite file of their own (<c>hosts.db</c> beside <c>results.db</c>; not in
/// <c>frontier.db</c>, whose format is versioned and whose writer is on the crawl's path): one row per (job, partition),
/// written when the partition deactivates, so a few writes per partition and job, each on a connection of its own.</summary>
public sealed class SqliteHostSummaryStore : IHostSummaryStore
{
    public const string FileName = "hosts.db";

    private readonly string _connectionString;

    private SqliteHostSummaryStore(string connectionString) => _connectionString = connectionString;

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

    public async Task SaveAsync(PartitionHostsRecord record, CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await SqliteOpen.OpenAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO partition_hosts (job, partition, saved_at, hosts) VALUES ($job, $partition, $saved, $hosts)
            ON CONFLICT (job, partition) DO UPDATE SET saved_at = excluded.saved_at, hosts = excluded.hosts
            """;
        command.Parameters.AddWithValue("$job", record.JobId);
        command.Parameters.AddWithValue("$partition", record.Partition);
        command.Parameters.AddWithValue("$saved", record.SavedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$hosts", record.HostsJson);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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
}
