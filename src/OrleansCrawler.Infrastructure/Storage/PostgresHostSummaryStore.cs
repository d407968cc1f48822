using Npgsql;
using OrleansCrawler.Core.Frontier;
using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Infrastructure.Storage;

/// <summary>Partitions' host summaries in PostgreSQL (table <c>partition_hosts</c>), shared by every silo: one row per
/// (job, partition), written when the partition deactivates, read by any silo's web console.</summary>
public sealed class PostgresHostSummaryStore(NpgsqlDataSource dataSource) : IHostSummaryStore
{
    public async Task SaveAsync(PartitionHostsRecord record, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO partition_hosts (job, partition, saved_at, hosts) VALUES (@job, @partition, @saved, @hosts)
            ON CONFLICT (job, partition) DO UPDATE SET saved_at = excluded.saved_at, hosts = excluded.hosts
            """);
        command.Parameters.AddWithValue("job", record.JobId);
        command.Parameters.AddWithValue("partition", record.Partition);
        command.Parameters.AddWithValue("saved", record.SavedAt.UtcDateTime);
        command.Parameters.AddWithValue("hosts", record.HostsJson);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PartitionHostsRecord>> ReadAsync(string jobId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT partition, saved_at, hosts FROM partition_hosts WHERE job = @job ORDER BY partition");
        command.Parameters.AddWithValue("job", jobId);
        var records = new List<PartitionHostsRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(new PartitionHostsRecord(jobId, reader.GetInt32(0), new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero), reader.GetString(2)));
        }

        return records;
    }
}
