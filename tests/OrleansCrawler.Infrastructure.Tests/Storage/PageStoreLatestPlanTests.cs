using Microsoft.Data.Sqlite;
using Npgsql;
using OrleansCrawler.Core.Results;
using OrleansCrawler.Infrastructure.Storage;

namespace OrleansCrawler.Infrastructure.Tests.Storage;

/// <summary>The newest-first listing is a range scan of the index results_latest, read backwards, with no sort: what keeps
/// the console's "last results" cheap on a job of any size.</summary>
public sealed class PageStoreLatestPlanTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Sqlite_LatestQueries_SearchTheIndexWithoutASort()
    {
        using var dir = new TempDirectory();
        await using (var store = SqlitePageStore.Open(dir.Path))
        {
            await store.SaveAsync(new PageRecord("j", "http://a.test/", "http://a.test/", 200, 0, null, 0, null, 0, DateTimeOffset.UnixEpoch, null));
        }

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dir.Path, "results.db")};Pooling=False");
        await connection.OpenAsync();
        foreach (var sql in new[] { SqlitePageStore.LatestSql, SqlitePageStore.LatestAfterSql })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + sql;
            foreach (var name in new[] { "$job", "$limit", "$at", "$url" })
            {
                command.Parameters.AddWithValue(name, "x");
            }

            var plan = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }

            var text = string.Join(" / ", plan);
            Assert.Contains("USING INDEX results_latest (job=?", text, StringComparison.Ordinal);
            Assert.DoesNotContain("TEMP B-TREE", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Postgres_LatestQueries_ScanTheIndexBackwardWithoutASort()
    {
        await using var dataSource = NpgsqlDataSource.Create(await fixture.Server.CreateDatabaseAsync());
        await PostgresSchema.MigrateAsync(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync();
        // A fresh table is tiny, where a sequential scan would win on cost: forbid it, to see which index order serves the query.
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync();
        }

        foreach (var sql in new[] { PostgresPageStore.LatestSql, PostgresPageStore.LatestAfterSql })
        {
            await using var command = new NpgsqlCommand("EXPLAIN " + sql, connection);
            command.Parameters.AddWithValue("job", "j");
            command.Parameters.AddWithValue("limit", 10);
            command.Parameters.AddWithValue("at", DateTime.UnixEpoch);
            command.Parameters.AddWithValue("url", "http://a.test/");
            var plan = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }

            var text = string.Join(" / ", plan);
            Assert.Contains("Index Scan Backward using results_latest", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Sort", text, StringComparison.Ordinal);
        }
    }
}
