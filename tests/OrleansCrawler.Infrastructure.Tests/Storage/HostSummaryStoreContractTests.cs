using Npgsql;
using OrleansCrawler.Core.Frontier;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Infrastructure.Storage;

namespace OrleansCrawler.Infrastructure.Tests.Storage;

/// <summary>What every <see cref="IHostSummaryStore"/> does; each subclass runs these against one store.</summary>
public abstract class HostSummaryStoreContractTests : IAsyncLifetime
{
    // Whole milliseconds: both stores keep at least microseconds.
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 6, 30, 15, 123, TimeSpan.Zero);

    protected IHostSummaryStore Store { get; private set; } = null!;

    protected abstract Task<IHostSummaryStore> OpenAsync();

    protected abstract ValueTask CloseAsync();

    public async Task InitializeAsync() => Store = await OpenAsync();

    public async Task DisposeAsync() => await CloseAsync();

    private static PartitionHostsRecord Record(string job, int partition, int minutes, string json) => new(job, partition, T0.AddMinutes(minutes), json);

    [Fact]
    public async Task Saved_ReadBackInPartitionOrder_OfTheirJobOnly()
    {
        var p3 = Record("j", 3, 0, """[{"authority":"a.test:80","queued":2}]""");
        var p0 = Record("j", 0, 1, "[]");
        await Store.SaveAsync(p3);
        await Store.SaveAsync(Record("other", 1, 2, """[{"authority":"x.test"}]"""));
        await Store.SaveAsync(p0);

        Assert.Equal([p0, p3], await Store.ReadAsync("j"));
        Assert.Equal([1], (await Store.ReadAsync("other")).Select(r => r.Partition));
        Assert.Empty(await Store.ReadAsync("none"));
    }

    [Fact]
    public async Task SaveAgain_ReplacesThePartitionsSummary()
    {
        await Store.SaveAsync(Record("j", 2, 0, """[{"authority":"old.test","queued":5}]"""));
        var newer = Record("j", 2, 10, """[{"authority":"new.test","queued":0}]""");
        await Store.SaveAsync(newer);

        Assert.Equal([newer], await Store.ReadAsync("j"));
    }

    // What a stopping silo does: every partition of a job saves at once (the SQLite store commits them as one group).
    [Fact]
    public async Task ManySavesAtOnce_EveryOneKept_TheLaterOfAPartitionWins()
    {
        var first = Enumerable.Range(0, 64).Select(p => Record("j", p, 0, $$"""[{"authority":"p{{p}}.test","queued":1}]""")).ToList();
        await Task.WhenAll(first.Select(r => Task.Run(() => Store.SaveAsync(r))));
        var second = Enumerable.Range(0, 64).Where(p => p % 2 == 0).Select(p => Record("j", p, 5, $$"""[{"authority":"p{{p}}.test","queued":0}]""")).ToList();
        await Task.WhenAll(second.Select(r => Task.Run(() => Store.SaveAsync(r))));

        var expected = first.Select(r => r.Partition % 2 == 0 ? second.Single(s => s.Partition == r.Partition) : r).ToList();
        Assert.Equal(expected, await Store.ReadAsync("j"));
    }

    [Fact]
    public async Task LargeSummary_RoundTrips()
    {
        var json = "[" + string.Join(',', Enumerable.Range(0, 10_000).Select(i => $$"""{"authority":"h{{i}}.test:8080","partition":7,"queued":{{i}}}""")) + "]";
        await Store.SaveAsync(Record("j", 7, 0, json));

        Assert.Equal(json, Assert.Single(await Store.ReadAsync("j")).HostsJson);
    }
}

public sealed class SqliteHostSummaryStoreTests : HostSummaryStoreContractTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override Task<IHostSummaryStore> OpenAsync() => Task.FromResult<IHostSummaryStore>(SqliteHostSummaryStore.Open(_dir.Path));

    protected override async ValueTask CloseAsync()
    {
        await ((SqliteHostSummaryStore)Store).DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task Reopened_KeepsWhatWasSaved()
    {
        var saved = new PartitionHostsRecord("j", 1, DateTimeOffset.UnixEpoch.AddDays(20_000), "[]");
        await Store.SaveAsync(saved);

        await using var reopened = SqliteHostSummaryStore.Open(_dir.Path);
        Assert.Equal([saved], await reopened.ReadAsync("j"));
    }

    public void Dispose() => _dir.Dispose();
}

public sealed class PostgresHostSummaryStoreTests(PostgresFixture fixture) : HostSummaryStoreContractTests, IClassFixture<PostgresFixture>
{
    private NpgsqlDataSource? _dataSource;

    protected override async Task<IHostSummaryStore> OpenAsync()
    {
        _dataSource = NpgsqlDataSource.Create(await fixture.Server.CreateDatabaseAsync());
        await PostgresSchema.MigrateAsync(_dataSource);
        return new PostgresHostSummaryStore(_dataSource);
    }

    protected override async ValueTask CloseAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
