using System.Globalization;
using Microsoft.Data.Sqlite;
using OrleansCrawler.Core.Jobs;
using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Infrastructure.Storage;

/// <summary>Jobs in the embedded SQLite file (table <c>jobs</c> beside <c>results</c>).</summary>
public sealed class SqliteJobStore : IJobStore
{
    private readonly string _connectionString;

    private SqliteJobStore(string connectionString) => _connectionString = connectionString;

    public static SqliteJobStore Open(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(Path.Combine(dataDirectory, "results.db")),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        using var connection = new SqliteConnection(connectionString);
        SqliteOpen.Open(connection);
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS jobs (
                job TEXT NOT NULL PRIMARY KEY,
                spec TEXT NOT NULL,
                state TEXT NOT NULL,
                started_at TEXT NOT NULL,
                finished_at TEXT NULL,
                counters TEXT NOT NULL,
                budget_granted INTEGER NOT NULL
            );
            """;
        command.ExecuteNonQuery();
        return new SqliteJobStore(connectionString);
    }

    public async Task SaveAsync(JobRecord job, CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await SqliteOpen.OpenAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO jobs (job, spec, state, started_at, finished_at, counters, budget_granted)
            VALUES ($job, $spec, $state, $started, $finished, $counters, $budget)
            ON CONFLICT (job) DO UPDATE SET spec = excluded.spec, state = excluded.state, started_at = excluded.started_at,
                finished_at = excluded.finished_at, counters = excluded.counters, budget_granted = excluded.budget_granted
            """;
        command.Parameters.AddWithValue("$job", job.JobId);
        command.Parameters.AddWithValue("$spec", job.SpecJson);
        command.Parameters.AddWithValue("$state", job.State);
        command.Parameters.AddWithValue("$started", job.StartedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$finished", (object?)job.FinishedAt?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) ?? DBNull.Value);
        command.Parameters.AddWithValue("$counters", job.CountersJson);
        command.Parameters.AddWithValue("$budget", job.BudgetGranted);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var jobs = await QueryAsync("WHERE job = $job", jobId, cancellationToken).ConfigureAwait(false);
        return jobs.Count == 0 ? null : jobs[0];
    }

    public Task<IReadOnlyList<JobRecord>> ListAsync(CancellationToken cancellationToken = default)
        => QueryAsync("ORDER BY started_at DESC", null, cancellationToken);

    private async Task<IReadOnlyList<JobRecord>> QueryAsync(string clause, string? jobId, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await SqliteOpen.OpenAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT job, spec, state, started_at, finished_at, counters, budget_granted FROM jobs {clause}";
        if (jobId is not null)
        {
            command.Parameters.AddWithValue("$job", jobId);
        }

        var jobs = new List<JobRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            jobs.Add(new JobRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                ParseTime(reader.GetString(3)),
                reader.IsDBNull(4) ? null : ParseTime(reader.GetString(4)),
                reader.GetString(5),
                reader.GetInt64(6)));
        }

        return jobs;
    }

    private static DateTimeOffset ParseTime(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
