using Npgsql;

namespace OrleansCrawler.Bench.Cluster;

/// <summary>Transactions committed and rows written (inserted, updated, deleted) in one PostgreSQL database, from
/// <c>pg_stat_database</c>. PostgreSQL publishes a backend's counts when its transaction ends, at most once a second, and an
/// idle backend's within <see cref="FlushDelay"/>: read the end figure that long after the work stopped.</summary>
public readonly record struct PostgresActivity(long Commits, long RowsWritten)
{
    /// <summary>PGSTAT_IDLE_INTERVAL (10 s) and a margin.</summary>
    public static readonly TimeSpan FlushDelay = TimeSpan.FromSeconds(11);

    public static PostgresActivity operator -(PostgresActivity end, PostgresActivity start) =>
        new(end.Commits - start.Commits, end.RowsWritten - start.RowsWritten);

    public static async Task<PostgresActivity> ReadAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT xact_commit, tup_inserted + tup_updated + tup_deleted FROM pg_stat_database WHERE datname = current_database()", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new PostgresActivity(reader.GetInt64(0), reader.GetInt64(1));
    }
}
