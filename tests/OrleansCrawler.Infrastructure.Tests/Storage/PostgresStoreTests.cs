using OrleansCrawler.Core.Ports;
using Npgsql;
using OrleansCrawler.Core.Jobs;
using OrleansCrawler.Core.Results;
using OrleansCrawler.Infrastructure.Storage;

namespace OrleansCrawler.Infrastructure.Tests.Storage;

public sealed class PostgresStoreTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private static PageRecord Record(string job, string url, int status = 200, string? canonical = null, bool noIndex = false) =>
        new(job, url, url + "?final", status, 2, "Title " + url, 7, "text/html; charset=utf-8", 4321,
            new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), status == 0 ? "timeout: slow" : null, canonical, noIndex);

    private async Task<NpgsqlDataSource> FreshDatabaseAsync()
    {
        var dataSource = NpgsqlDataSource.Create(await fixture.Server.CreateDatabaseAsync());
        await PostgresSchema.MigrateAsync(dataSource);
        return dataSource;
    }

    [Fact]
    public async Task MigrateAsync_ConcurrentSilos_AppliesEachMigrationOnce()
    {
        await using var dataSource = NpgsqlDataSource.Create(await fixture.Server.CreateDatabaseAsync());

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostgresSchema.MigrateAsync(dataSource)));
        await PostgresSchema.MigrateAsync(dataSource);

        await using var command = dataSource.CreateCommand("SELECT count(*), max(version) FROM ocrawl_schema_version");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(PostgresSchema.LatestVersion, reader.GetInt64(0));
        Assert.Equal(PostgresSchema.LatestVersion, reader.GetInt32(1));
    }

    [Fact]
    public async Task SaveAsync_RoundTripsEveryField()
    {
        await using var dataSource = await FreshDatabaseAsync();
        await using var store = new PostgresPageStore(dataSource);
        var saved = new[]
        {
            Record("j", "http://a.test/1", canonical: "http://a.test/c", noIndex: true), Record("j", "http://a.test/2", status: 0),
            Record("j", "http://a.test/3") with { DuplicateOf = "http://a.test/1", DuplicateDistance = 2 },
        };

        await Task.WhenAll(saved.Select(r => store.SaveAsync(r)));

        Assert.Equal(saved, await store.ReadAsync("j").ToListAsync());
    }

    [Fact]
    public async Task SaveAsync_ManyConcurrentWithRepeats_OneRowPerUrlLatestWins()
    {
        await using var dataSource = await FreshDatabaseAsync();
        await using var store = new PostgresPageStore(dataSource);

        // 3,000 saves of 1,000 URLs, concurrently: batches hold repeats of the same (job, url).
        await Task.WhenAll(Enumerable.Range(0, 3000).Select(i => store.SaveAsync(Record("j", $"http://a.test/{i % 1000:D4}", status: 200 + i / 1000))));

        Assert.Equal(1000, await store.CountAsync("j"));
        var all = await store.ReadAsync("j").ToListAsync();
        Assert.Equal(1000, all.Select(r => r.Url).Distinct().Count());
        Assert.All(all, r => Assert.InRange(r.Status, 200, 202));
    }

    [Fact]
    public async Task ReadPageAsync_KeysetPagesCoverTheJobInOrderAndKeepJobsApart()
    {
        await using var dataSource = await FreshDatabaseAsync();
        await using var store = new PostgresPageStore(dataSource);
        await Task.WhenAll(Enumerable.Range(0, 2500).Select(i => store.SaveAsync(Record("a", $"http://a.test/{i:D5}"))));
        await store.SaveAsync(Record("b", "http://a.test/00001"));

        var urls = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await store.ReadPageAsync("a", after, 1000);
            urls.AddRange(page.Select(r => r.Url));
            if (page.Count < 1000)
            {
                break;
            }

            after = page[^1].Url;
        }

        Assert.Equal(Enumerable.Range(0, 2500).Select(i => $"http://a.test/{i:D5}"), urls);
        Assert.Equal(1, await store.CountAsync("b"));
    }

    [Fact]
    public async Task JobStore_SaveGetList_NewestFirst()
    {
        await using var dataSource = await FreshDatabaseAsync();
        var store = new PostgresJobStore(dataSource);
        var older = new JobRecord("old", """{"seeds":["http://a.test/"]}""", "Completed", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 1, 1, 1, 0, 0, TimeSpan.Zero), """{"counters":{}}""", 5);
        var newer = older with { JobId = "new", State = "Running", StartedAt = older.StartedAt.AddDays(1), FinishedAt = null };

        await store.SaveAsync(older);
        await store.SaveAsync(newer);
        await store.SaveAsync(newer with { State = "Paused" });

        Assert.Equal(["new", "old"], (await store.ListAsync()).Select(j => j.JobId));
        var got = await store.GetAsync("new");
        Assert.Equal("Paused", got!.State);
        Assert.Null(got.FinishedAt);
        Assert.Equal(older.StartedAt, (await store.GetAsync("old"))!.StartedAt);
        Assert.Null(await store.GetAsync("missing"));
    }
}
