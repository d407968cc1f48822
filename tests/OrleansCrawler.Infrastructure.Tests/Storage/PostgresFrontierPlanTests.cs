using Npgsql;
using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Frontier;
using OrleansCrawler.Infrastructure.Storage;

namespace OrleansCrawler.Infrastructure.Tests.Storage;

/// <summary>A settle batch costs index lookups, whatever the size of the frontier (see
/// <see cref="PostgresFrontierStore.IndexLookupsSql"/>).</summary>
public sealed class PostgresFrontierPlanTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private static string Url(int i) => $"http://h{i % 50}.test:8123/p/{i}.html";

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    [Fact]
    public async Task SettleBatch_OnASmallFrontier_LooksRowsUpByIndexNotByScanningTheTable()
    {
        await using var dataSource = NpgsqlDataSource.Create(await fixture.Server.CreateDatabaseAsync());
        await PostgresSchema.MigrateAsync(dataSource);
        var store = new PostgresFrontierStore(dataSource);
        await store.WriteAsync(new FrontierBatch([.. Enumerable.Range(0, 20_000).Select(i => FrontierAppend.Of("j", i % 8, Url(i), 0))], []));
        await using (var analyze = dataSource.CreateCommand("ANALYZE frontier"))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        var settles = Enumerable.Range(5_000, 1_000).Select(i => FrontierSettle.Of("j", i % 8, Url(i), CrawlOutcome.Fetched, i, null)).ToArray();
        object[] values =
        [
            settles.Select(s => s.JobId).ToArray(), settles.Select(s => s.Fingerprint).ToArray(), settles.Select(s => (short)s.Outcome).ToArray(),
            settles.Select(s => s.Bytes).ToArray(), settles.Select(s => s.ErrorKind).ToArray(),
        ];

        async Task<string> PlanAsync(bool indexLookups)
        {
            await using var batch = dataSource.CreateBatch();
            if (indexLookups)
            {
                batch.BatchCommands.Add(Command(PostgresFrontierStore.IndexLookupsSql));
            }

            batch.BatchCommands.Add(Command("EXPLAIN " + PostgresFrontierStore.SettleSql, values));
            var plan = new List<string>();
            await using var reader = await batch.ExecuteReaderAsync();
            do
            {
                while (await reader.ReadAsync())
                {
                    if (reader.GetName(0) == "QUERY PLAN")
                    {
                        plan.Add(reader.GetString(0));
                    }
                }
            }
            while (await reader.NextResultAsync());

            return string.Join('\n', plan);
        }

        // Left to itself the planner scans all 20,000 rows for 1,000 settles (why the store steers it).
        Assert.Contains("Seq Scan on frontier", await PlanAsync(indexLookups: false));
        var plan = await PlanAsync(indexLookups: true);
        Assert.Contains("Index Scan using frontier_pkey", plan);
        Assert.DoesNotContain("Seq Scan on frontier", plan);
    }

    [Fact]
    public async Task WriteAsync_JoinSettingsStayInsideTheBatchTransaction()
    {
        // One pooled connection: the next command runs on the connection the batch used.
        var builder = new NpgsqlConnectionStringBuilder(await fixture.Server.CreateDatabaseAsync()) { MaxPoolSize = 1 };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        await PostgresSchema.MigrateAsync(dataSource);
        var store = new PostgresFrontierStore(dataSource);

        await store.WriteAsync(new FrontierBatch([FrontierAppend.Of("j", 0, Url(1), 0)], [FrontierSettle.Of("j", 0, Url(1), CrawlOutcome.Fetched, 1, null)]));

        await using var show = dataSource.CreateCommand("SELECT current_setting('enable_hashjoin') || current_setting('enable_mergejoin')");
        Assert.Equal("onon", await show.ExecuteScalarAsync());
        Assert.Equal(CrawlOutcome.Fetched, (await store.LoadAsync("j", 0).SingleAsync()).Outcome);
    }
}
