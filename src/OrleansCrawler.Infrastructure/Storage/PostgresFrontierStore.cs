using System.Runtime.CompilerServices;
using Npgsql;
using OrleansCrawler.Core.Frontier;
using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Infrastructure.Storage;

/// <summary>The frontier in PostgreSQL (table <c>frontier</c>, migration 3), shared by every silo of a cluster. A
/// batch is one round trip and one transaction: an <see cref="NpgsqlBatch"/> of at most three statements, the appends
/// as arrays that <c>unnest</c> turns into rows for one <c>INSERT ... ON CONFLICT DO NOTHING</c>, then the settles
/// for one <c>UPDATE ... FROM unnest(...)</c>. Each statement touches only the batch's rows through the primary key
/// (see <see cref="IndexLookupsSql"/>), so its cost does not grow with the size of the frontier. Both are idempotent,
/// so a batch retried after a lost connection (it may have committed) writes the same rows. A settle finds its row by
/// (job, fingerprint), so <see cref="FrontierSettle.Partition"/> is not needed here.</summary>
public sealed class PostgresFrontierStore(NpgsqlDataSource dataSource) : IFrontierStore
{
    // WITH ORDINALITY ... ORDER BY: the identity values (seq) follow the batch's order, so a partition loads back in
    // append order. Of two appends of one URL in a batch the first is kept, as across batches.
    private const string AppendSql = """
        INSERT INTO frontier (job, fp, partition, depth, url)
        SELECT job, fp, partition, depth, url
        FROM unnest($1::text[], $2::bigint[], $3::integer[], $4::integer[], $5::text[]) WITH ORDINALITY AS a (job, fp, partition, depth, url, i)
        ORDER BY i
        ON CONFLICT (job, fp) DO NOTHING
        """;

    // The settles are a batch of rows found by primary key: one index lookup each (a nested loop). The planner prices
    // those lookups as uncached random reads and, below roughly 150,000 rows in the table, would rather hash-join a scan
    // of the whole table, so a batch would cost O(frontier) (1,000 settles on 100,000 rows: 145 ms with the scan, 57 ms
    // with the index). Hash and merge joins are turned off for the batch's own transaction only (is_local = true).
    internal const string IndexLookupsSql = "SELECT set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)";

    internal const string SettleSql = """
        UPDATE frontier AS f SET outcome = s.outcome, bytes = s.bytes, error_kind = s.error_kind
        FROM unnest($1::text[], $2::bigint[], $3::smallint[], $4::bigint[], $5::text[]) AS s (job, fp, outcome, bytes, error_kind)
        WHERE f.job = s.job AND f.fp = s.fp
        """;

    // In append order, through the index on (job, partition, seq).
    private const string LoadSql =
        "SELECT url, depth, outcome, bytes, error_kind FROM frontier WHERE job = @job AND partition = @partition ORDER BY seq";

    public async Task WriteAsync(FrontierBatch batch, CancellationToken cancellationToken = default)
    {
        if (batch.Count == 0)
        {
            return;
        }

        // Without an explicit transaction the statements of a batch run in one implicit transaction, in order: a
        // settle sees the append of the same batch, and a failure rolls back both.
        await using var command = dataSource.CreateBatch();
        if (batch.Appends.Count > 0)
        {
            var appends = batch.Appends;
            var append = new NpgsqlBatchCommand(AppendSql);
            append.Parameters.Add(new NpgsqlParameter { Value = appends.Select(a => a.JobId).ToArray() });
            append.Parameters.Add(new NpgsqlParameter { Value = appends.Select(a => a.Fingerprint).ToArray() });
            append.Parameters.Add(new NpgsqlParameter { Value = appends.Select(a => a.Partition).ToArray() });
            append.Parameters.Add(new NpgsqlParameter { Value = appends.Select(a => a.Depth).ToArray() });
            append.Parameters.Add(new NpgsqlParameter { Value = appends.Select(a => a.Url).ToArray() });
            command.BatchCommands.Add(append);
        }

        if (batch.Settles.Count > 0)
        {
            var settles = LastPerUrl(batch.Settles);
            command.BatchCommands.Add(new NpgsqlBatchCommand(IndexLookupsSql));
            var settle = new NpgsqlBatchCommand(SettleSql);
            settle.Parameters.Add(new NpgsqlParameter { Value = settles.Select(s => s.JobId).ToArray() });
            settle.Parameters.Add(new NpgsqlParameter { Value = settles.Select(s => s.Fingerprint).ToArray() });
            settle.Parameters.Add(new NpgsqlParameter { Value = settles.Select(s => (short)s.Outcome).ToArray() });
            settle.Parameters.Add(new NpgsqlParameter { Value = settles.Select(s => s.Bytes).ToArray() });
            settle.Parameters.Add(new NpgsqlParameter { Value = settles.Select(s => s.ErrorKind).ToArray() });
            command.BatchCommands.Add(settle);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One UPDATE may not change a row twice (PostgreSQL would pick one of the two at random): of several
    /// settles of a URL in a batch the last one wins, as it would one after another.</summary>
    internal static IReadOnlyList<FrontierSettle> LastPerUrl(IReadOnlyList<FrontierSettle> settles)
    {
        if (settles.Count < 2)
        {
            return settles;
        }

        var last = new Dictionary<(string JobId, long Fingerprint), int>(settles.Count);
        for (var i = 0; i < settles.Count; i++)
        {
            last[(settles[i].JobId, settles[i].Fingerprint)] = i;
        }

        if (last.Count == settles.Count)
        {
            return settles;
        }

        var kept = new List<FrontierSettle>(last.Count);
        for (var i = 0; i < settles.Count; i++)
        {
            if (last[(settles[i].JobId, settles[i].Fingerprint)] == i)
            {
                kept.Add(settles[i]);
            }
        }

        return kept;
    }

    public async IAsyncEnumerable<FrontierRow> LoadAsync(string jobId, int partition, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(LoadSql);
        command.Parameters.AddWithValue("job", jobId);
        command.Parameters.AddWithValue("partition", partition);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return SettleColumns.Read(reader, 2).Row(reader.GetString(0), reader.GetInt32(1));
        }
    }

    public async Task DeleteAsync(string jobId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM frontier WHERE job = @job");
        command.Parameters.AddWithValue("job", jobId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
