using Npgsql;
using NpgsqlTypes;
using OrleansCrawler.Core.Jobs;
using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Infrastructure.Storage;

/// <summary>Jobs in PostgreSQL (table <c>jobs</c>), shared by every silo and so by every client.</summary>
public sealed class PostgresJobStore(NpgsqlDataSource dataSource) : IJobStore
{
    private const string Columns = "job, spec::text, state, started_at, finished_at, counters::text, budget_granted";

    public async Task SaveAsync(JobRecord job, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO jobs (job, spec, state, started_at, finished_at, counters, budget_granted)
            VALUES (@job, @spec, @state, @started, @finished, @counters, @budget)
            ON CONFLICT (job) DO UPDATE SET spec = excluded.spec, state = excluded.state, started_at = excluded.started_at,
                finished_at = excluded.finished_at, counters = excluded.counters, budget_granted = excluded.budget_granted
            """);
        command.Parameters.AddWithValue("job", job.JobId);
        command.Parameters.Add(new NpgsqlParameter("spec", NpgsqlDbType.Jsonb) { Value = job.SpecJson });
        command.Parameters.AddWithValue("state", job.State);
        command.Parameters.AddWithValue("started", job.StartedAt.UtcDateTime);
        command.Parameters.Add(new NpgsqlParameter("finished", NpgsqlDbType.TimestampTz) { Value = (object?)job.FinishedAt?.UtcDateTime ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("counters", NpgsqlDbType.Jsonb) { Value = job.CountersJson });
        command.Parameters.AddWithValue("budget", job.BudgetGranted);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM jobs WHERE job = @job");
        command.Parameters.AddWithValue("job", jobId);
        var jobs = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return jobs.Count == 0 ? null : jobs[0];
    }

    public async Task<IReadOnlyList<JobRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM jobs ORDER BY started_at DESC");
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<JobRecord>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var jobs = new List<JobRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            jobs.Add(new JobRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                new DateTimeOffset(reader.GetDateTime(3), TimeSpan.Zero),
                reader.IsDBNull(4) ? null : new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero),
                reader.GetString(5),
                reader.GetInt64(6)));
        }

        return jobs;
    }
}
