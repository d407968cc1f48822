using Microsoft.Data.Sqlite;
using Npgsql;
using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Frontier;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Infrastructure.Storage;

namespace OrleansCrawler.Infrastructure.Tests.Storage;

/// <summary>What every <see cref="IFrontierStore"/> does; each subclass runs these against one store.</summary>
public abstract class FrontierStoreContractTests : IAsyncLifetime
{
    protected IFrontierStore Store { get; private set; } = null!;

    /// <summary>A new, empty store.</summary>
    protected abstract Task<IFrontierStore> OpenAsync();

    /// <summary>Lets go of <paramref name="store"/> and opens a new instance on the same data.</summary>
    protected abstract Task<IFrontierStore> ReopenAsync(IFrontierStore store);

    protected abstract ValueTask CloseAsync(IFrontierStore store);

    public async Task InitializeAsync() => Store = await OpenAsync();

    public async Task DisposeAsync() => await CloseAsync(Store);

    private static FrontierAppend Append(string url, int depth = 0, int partition = 0, string job = "j") =>
        FrontierAppend.Of(job, partition, url, depth);

    private static FrontierSettle Settle(string url, CrawlOutcome outcome = CrawlOutcome.Fetched, long bytes = 0, string? errorKind = null,
        int partition = 0, string job = "j") =>
        FrontierSettle.Of(job, partition, url, outcome, bytes, errorKind);

    private Task WriteAsync(FrontierAppend[] appends, params FrontierSettle[] settles) =>
        Store.WriteAsync(new FrontierBatch(appends, settles));

    private async Task<List<FrontierRow>> LoadAsync(int partition = 0, string job = "j") =>
        await Store.LoadAsync(job, partition).ToListAsync();

    private static FrontierRow Queued(string url, int depth = 0) => new(url, depth, null, 0, null);

    [Fact]
    public async Task Load_EmptyStore_NoRows() => Assert.Empty(await LoadAsync());

    [Fact]
    public async Task Appends_LoadBackInAppendOrder_OfTheirPartitionAndJobOnly()
    {
        await WriteAsync([Append("http://a.test/3", 1), Append("http://a.test/1", 2), Append("http://b.test/x", partition: 1)]);
        await WriteAsync([Append("http://a.test/2", 3), Append("http://a.test/0", 4, job: "other")]);
        await WriteAsync([Append("http://b.test/y", partition: 1), Append("http://a.test/00", 5)]);

        Assert.Equal([Queued("http://a.test/3", 1), Queued("http://a.test/1", 2), Queued("http://a.test/2", 3), Queued("http://a.test/00", 5)],
            await LoadAsync());
        Assert.Equal([Queued("http://b.test/x"), Queued("http://b.test/y")], await LoadAsync(partition: 1));
        Assert.Equal([Queued("http://a.test/0", 4)], await LoadAsync(job: "other"));
        Assert.Empty(await LoadAsync(partition: 2));
    }

    [Fact]
    public async Task Append_ManyInOneBatch_KeepTheirOrder()
    {
        var urls = Enumerable.Range(0, 3000).Select(i => $"http://a.test/{(i * 7919) % 3000}").ToArray();

        await WriteAsync([.. urls.Select(u => Append(u))]);

        Assert.Equal(urls, (await LoadAsync()).Select(r => r.Url));
    }

    [Fact]
    public async Task Append_ExistingUrl_KeepsTheFirstDepthAndPlace()
    {
        await WriteAsync([Append("http://a.test/1", 1), Append("http://a.test/2", 2)]);
        await WriteAsync([Append("http://a.test/1", 7), Append("http://a.test/3", 3)]);
        // Twice in one batch: the first one counts.
        await WriteAsync([Append("http://a.test/4", 4), Append("http://a.test/4", 8)]);

        Assert.Equal([Queued("http://a.test/1", 1), Queued("http://a.test/2", 2), Queued("http://a.test/3", 3), Queued("http://a.test/4", 4)],
            await LoadAsync());
    }

    [Fact]
    public async Task Append_SameUrlInAnotherJob_IsItsOwnRow()
    {
        await WriteAsync([Append("http://a.test/1", 1, job: "a"), Append("http://a.test/1", 2, job: "b")]);
        await WriteAsync([], Settle("http://a.test/1", CrawlOutcome.Failed, job: "b"));

        Assert.Equal([Queued("http://a.test/1", 1)], await LoadAsync(job: "a"));
        Assert.Equal([new FrontierRow("http://a.test/1", 2, CrawlOutcome.Failed, 0, null)], await LoadAsync(job: "b"));
    }

    [Fact]
    public async Task Settle_SetsOutcomeBytesAndErrorKind_RowKeepsItsPlace()
    {
        await WriteAsync([Append("http://a.test/1"), Append("http://a.test/2", 1), Append("http://a.test/3", 1)]);

        await WriteAsync([], Settle("http://a.test/2", CrawlOutcome.Failed, 12, "timeout"), Settle("http://a.test/1", CrawlOutcome.Fetched, 4321));

        Assert.Equal([
            new FrontierRow("http://a.test/1", 0, CrawlOutcome.Fetched, 4321, null),
            new FrontierRow("http://a.test/2", 1, CrawlOutcome.Failed, 12, "timeout"),
            Queued("http://a.test/3", 1),
        ], await LoadAsync());
    }

    [Fact]
    public async Task Settle_EveryOutcome_RoundTrips()
    {
        var outcomes = Enum.GetValues<CrawlOutcome>();
        await WriteAsync([.. outcomes.Select(o => Append($"http://a.test/{o}"))]);

        await WriteAsync([], [.. outcomes.Select(o => Settle($"http://a.test/{o}", o, (long)o + 1, o == CrawlOutcome.Fetched ? null : o.ToString()))]);

        Assert.Equal(outcomes.Select(o => new FrontierRow($"http://a.test/{o}", 0, o, (long)o + 1, o == CrawlOutcome.Fetched ? null : o.ToString())),
            await LoadAsync());
    }

    [Fact]
    public async Task Settle_InTheBatchOfItsAppend_Applies()
    {
        await WriteAsync([Append("http://a.test/1", 2)], Settle("http://a.test/1", CrawlOutcome.RobotsDenied));

        Assert.Equal([new FrontierRow("http://a.test/1", 2, CrawlOutcome.RobotsDenied, 0, null)], await LoadAsync());
    }

    [Fact]
    public async Task Settle_SameUrlTwiceInABatch_LastWins()
    {
        await WriteAsync([Append("http://a.test/1"), Append("http://a.test/2")]);

        await WriteAsync([],
            Settle("http://a.test/1", CrawlOutcome.Failed, 1, "dns"),
            Settle("http://a.test/2", CrawlOutcome.Fetched, 2),
            Settle("http://a.test/1", CrawlOutcome.Fetched, 3));

        Assert.Equal([new FrontierRow("http://a.test/1", 0, CrawlOutcome.Fetched, 3, null), new FrontierRow("http://a.test/2", 0, CrawlOutcome.Fetched, 2, null)],
            await LoadAsync());
    }

    [Fact]
    public async Task Settle_UnknownUrl_IsIgnored()
    {
        await WriteAsync([Append("http://a.test/1")]);

        await WriteAsync([], Settle("http://a.test/unknown", CrawlOutcome.Fetched, 5), Settle("http://a.test/1", CrawlOutcome.Skipped, job: "other"));

        Assert.Equal([Queued("http://a.test/1")], await LoadAsync());
        Assert.Empty(await LoadAsync(job: "other"));
    }

    [Fact]
    public async Task SettledThenAppendedAgain_BySecondActivation_LoadsOnceInItsFirstPlace_Settled()
    {
        await WriteAsync([Append("http://a.test/1", 1), Append("http://a.test/2", 1)]);
        await WriteAsync([], Settle("http://a.test/1", CrawlOutcome.Fetched, 10));

        // A second activation of the partition, running at the same time as the first, accepts the URL again.
        await WriteAsync([Append("http://a.test/3", 2), Append("http://a.test/1", 5)]);

        Assert.Equal([new FrontierRow("http://a.test/1", 1, CrawlOutcome.Fetched, 10, null), Queued("http://a.test/2", 1), Queued("http://a.test/3", 2)],
            await LoadAsync());

        // And settles it too: the last settle wins, the row keeps its first place and depth.
        await WriteAsync([], Settle("http://a.test/1", CrawlOutcome.Failed, 0, "timeout"));

        Assert.Equal([new FrontierRow("http://a.test/1", 1, CrawlOutcome.Failed, 0, "timeout"), Queued("http://a.test/2", 1), Queued("http://a.test/3", 2)],
            await LoadAsync());
    }

    [Fact]
    public async Task Delete_ForgetsTheJobOnly()
    {
        await WriteAsync([Append("http://a.test/1"), Append("http://b.test/1", partition: 1), Append("http://a.test/1", job: "other")]);

        await Store.DeleteAsync("j");

        Assert.Empty(await LoadAsync());
        Assert.Empty(await LoadAsync(partition: 1));
        Assert.Equal([Queued("http://a.test/1")], await LoadAsync(job: "other"));

        // The job's URLs can be appended again afterwards (a new run with the same id).
        await WriteAsync([Append("http://a.test/1", 3)]);
        Assert.Equal([Queued("http://a.test/1", 3)], await LoadAsync());
    }

    [Fact]
    public async Task Reopened_SeesCommittedRows()
    {
        await WriteAsync([Append("http://a.test/1"), Append("http://a.test/2", 1)], Settle("http://a.test/1", CrawlOutcome.Fetched, 9));

        Store = await ReopenAsync(Store);

        Assert.Equal([new FrontierRow("http://a.test/1", 0, CrawlOutcome.Fetched, 9, null), Queued("http://a.test/2", 1)], await LoadAsync());
        await WriteAsync([Append("http://a.test/3")]);
        Assert.Equal(3, (await LoadAsync()).Count);
    }
}

public sealed class SqliteFrontierStoreTests : FrontierStoreContractTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override Task<IFrontierStore> OpenAsync() => Task.FromResult<IFrontierStore>(SqliteFrontierStore.Open(_dir.Path));

    protected override async Task<IFrontierStore> ReopenAsync(IFrontierStore store)
    {
        await CloseAsync(store);
        return SqliteFrontierStore.Open(_dir.Path);
    }

    protected override ValueTask CloseAsync(IFrontierStore store)
    {
        ((SqliteFrontierStore)store).Dispose();
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData("CREATE TABLE frontier (seq INTEGER PRIMARY KEY, job TEXT, fp INTEGER, partition INTEGER, depth INTEGER, url TEXT, outcome INTEGER, bytes INTEGER, error_kind TEXT)")]
    [InlineData("PRAGMA user_version = 99")]
    public void Open_FileInAnotherFormat_FailsNamingTheFile(string sql)
    {
        using var dir = new TempDirectory();
        var path = System.IO.Path.Combine(dir.Path, "frontier.db");
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();

        var ex = Assert.Throws<InvalidDataException>(() => SqliteFrontierStore.Open(dir.Path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("format", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}

public sealed class PostgresFrontierStoreTests(PostgresFixture fixture) : FrontierStoreContractTests, IClassFixture<PostgresFixture>
{
    private string _connectionString = "";
    private NpgsqlDataSource? _dataSource;

    protected override async Task<IFrontierStore> OpenAsync()
    {
        _connectionString = await fixture.Server.CreateDatabaseAsync();
        _dataSource = NpgsqlDataSource.Create(_connectionString);
        await PostgresSchema.MigrateAsync(_dataSource);
        return new PostgresFrontierStore(_dataSource);
    }

    protected override async Task<IFrontierStore> ReopenAsync(IFrontierStore store)
    {
        await CloseAsync(store);
        _dataSource = NpgsqlDataSource.Create(_connectionString);
        await PostgresSchema.MigrateAsync(_dataSource);
        return new PostgresFrontierStore(_dataSource);
    }

    protected override async ValueTask CloseAsync(IFrontierStore store)
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
