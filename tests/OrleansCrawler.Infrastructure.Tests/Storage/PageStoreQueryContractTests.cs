using Npgsql;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;
using OrleansCrawler.Infrastructure.Storage;

namespace OrleansCrawler.Infrastructure.Tests.Storage;

/// <summary>The console's queries (issue 19) that every <see cref="IPageStore"/> answers in its database; each subclass runs
/// these against one store.</summary>
public abstract class PageStoreQueryContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    protected IPageStore Store { get; private set; } = null!;

    protected abstract Task<IPageStore> OpenAsync();

    protected abstract ValueTask CloseAsync(IPageStore store);

    public async Task InitializeAsync() => Store = await OpenAsync();

    public async Task DisposeAsync() => await CloseAsync(Store);

    private static PageRecord Record(string url, int secondsAfterT0 = 0, int status = 200, string? error = null, string job = "j") =>
        new(job, url, url, status, 1, "t", 0, "text/html", 10, T0.AddSeconds(secondsAfterT0), error);

    private Task SaveAllAsync(IEnumerable<PageRecord> records) => Task.WhenAll(records.Select(r => Store.SaveAsync(r)));

    [Fact]
    public async Task LatestAsync_NewestFirst_TiesByUrlDescending_PagedByCursor_OfTheJobOnly()
    {
        await SaveAllAsync([
            Record("http://a.test/a", 0), Record("http://a.test/b", 120), Record("http://a.test/c", 60), Record("http://a.test/d", 120),
            Record("http://a.test/e", 60), Record("http://a.test/f", 600, job: "other"),
        ]);

        var first = await Store.LatestAsync("j", 2, null);
        var second = await Store.LatestAsync("j", 2, new PageCursor(first[^1].FetchedAt, first[^1].Url));
        var third = await Store.LatestAsync("j", 2, new PageCursor(second[^1].FetchedAt, second[^1].Url));

        Assert.Equal(["http://a.test/d", "http://a.test/b"], first.Select(r => r.Url));
        Assert.Equal(["http://a.test/e", "http://a.test/c"], second.Select(r => r.Url));
        Assert.Equal(["http://a.test/a"], third.Select(r => r.Url));
        Assert.Equal(T0.AddSeconds(120), first[0].FetchedAt);
        Assert.Equal(["http://a.test/f"], (await Store.LatestAsync("other", 10, null)).Select(r => r.Url));
    }

    [Fact]
    public async Task LatestAsync_ARefetch_MovesThePageToTheFront()
    {
        await SaveAllAsync([Record("http://a.test/1", 1), Record("http://a.test/2", 2), Record("http://a.test/3", 3)]);
        await Store.SaveAsync(Record("http://a.test/1", 10, status: 500));

        var latest = await Store.LatestAsync("j", 10, null);

        Assert.Equal(["http://a.test/1", "http://a.test/3", "http://a.test/2"], latest.Select(r => r.Url));
        Assert.Equal(500, latest[0].Status);
    }

    [Fact]
    public async Task SearchAsync_TakesPercentUnderscoreAndBackslashLiterally_IgnoresCase_PagesByUrl()
    {
        await SaveAllAsync([
            Record("http://a.test/a_b"), Record("http://a.test/axb"), Record("http://a.test/100%25"), Record("http://a.test/1000"),
            Record("http://a.test/q\\s"), Record("http://a.test/qs"), Record("http://a.test/x/A_B/y"), Record("http://a.test/a_b", job: "other"),
        ]);

        Assert.Equal(["http://a.test/a_b", "http://a.test/x/A_B/y"], (await Store.SearchAsync("j", "a_B", null, 10)).Select(r => r.Url));
        Assert.Equal(["http://a.test/100%25"], (await Store.SearchAsync("j", "0%", null, 10)).Select(r => r.Url));
        Assert.Equal(["http://a.test/q\\s"], (await Store.SearchAsync("j", "q\\", null, 10)).Select(r => r.Url));
        Assert.Empty(await Store.SearchAsync("j", "%_", null, 10));
        Assert.Equal(["http://a.test/x/A_B/y"], (await Store.SearchAsync("j", "a_b", "http://a.test/a_b", 10)).Select(r => r.Url));
        Assert.Equal(["http://a.test/a_b"], (await Store.SearchAsync("j", "_", null, 1)).Select(r => r.Url));
    }

    [Fact]
    public async Task ErrorSamplesAsync_UpToNPerKindInUrlOrder_ForTheKindsAskedOrAll()
    {
        await SaveAllAsync([
            Record("http://a.test/ok1"), Record("http://a.test/ok2", status: 301),
            .. Enumerable.Range(0, 5).Select(i => Record($"http://a.test/t{i}", status: 0, error: "timeout: slow server")),
            Record("http://a.test/n1", status: 404), Record("http://a.test/n2", status: 404),
            Record("http://a.test/trap", status: 0, error: "trap: path-variants (12 of /x/*)"),
            Record("http://a.test/big", status: 200, error: "too-large"),
            Record("http://a.test/t9", status: 0, error: "timeout: other job", job: "other"),
        ]);

        var all = await Store.ErrorSamplesAsync("j", null, 3);
        var some = await Store.ErrorSamplesAsync("j", ["http-404", "http-503"], 1);

        Assert.Equal(["http-404", "timeout", "too-large", "trap/path-variants"], all.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["http://a.test/t0", "http://a.test/t1", "http://a.test/t2"], all["timeout"]);
        Assert.Equal(["http://a.test/n1", "http://a.test/n2"], all["http-404"]);
        Assert.Equal(["http://a.test/trap"], all["trap/path-variants"]);
        Assert.Equal(["http://a.test/big"], all["too-large"]);
        Assert.Equal(["http://a.test/n1"], some["http-404"]);
        Assert.Empty(some["http-503"]);
        Assert.Equal(2, some.Count);
    }

    [Fact]
    public async Task ALargeJob_SearchAndErrorSamples_FindWhatLiesPastTheFirst10000RowsInUrlOrder()
    {
        // 12,000 rows; the only match and the only http-503 lie past row 10,000 in URL order, where the console's
        // former in-process scan stopped.
        await SaveAllAsync(Enumerable.Range(0, 12_000).Select(i => i switch
        {
            11_111 => Record($"http://a.test/p{i:D5}/NEEDLE", i),
            11_500 => Record($"http://a.test/p{i:D5}", i, status: 503),
            42 => Record($"http://a.test/p{i:D5}", i, status: 0, error: "connect: refused"),
            _ => Record($"http://a.test/p{i:D5}", i),
        }));

        var found = await Store.SearchAsync("j", "needle", null, 100);
        var samples = await Store.ErrorSamplesAsync("j", ["connect", "http-503"], 3);
        var latest = await Store.LatestAsync("j", 3, null);

        Assert.Equal(12_000, await Store.CountAsync("j"));
        Assert.Equal(["http://a.test/p11111/NEEDLE"], found.Select(r => r.Url));
        Assert.Equal(["http://a.test/p11500"], samples["http-503"]);
        Assert.Equal(["http://a.test/p00042"], samples["connect"]);
        Assert.Equal(["http://a.test/p11999", "http://a.test/p11998", "http://a.test/p11997"], latest.Select(r => r.Url));
    }
}

public sealed class SqlitePageStoreQueryTests : PageStoreQueryContractTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override Task<IPageStore> OpenAsync() => Task.FromResult<IPageStore>(SqlitePageStore.Open(_dir.Path));

    protected override ValueTask CloseAsync(IPageStore store) => ((SqlitePageStore)store).DisposeAsync();

    public void Dispose() => _dir.Dispose();
}

public sealed class PostgresPageStoreQueryTests(PostgresFixture fixture) : PageStoreQueryContractTests, IClassFixture<PostgresFixture>
{
    private NpgsqlDataSource? _dataSource;

    protected override async Task<IPageStore> OpenAsync()
    {
        _dataSource = NpgsqlDataSource.Create(await fixture.Server.CreateDatabaseAsync());
        await PostgresSchema.MigrateAsync(_dataSource);
        return new PostgresPageStore(_dataSource);
    }

    protected override async ValueTask CloseAsync(IPageStore store)
    {
        await ((PostgresPageStore)store).DisposeAsync();
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
