using Npgsql;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;
using OrleansCrawler.Infrastructure.Storage;

namespace OrleansCrawler.Infrastructure.Tests.Storage;

/// <summary>What every <see cref="ILinkStore"/> does; each subclass runs these against one store.</summary>
public abstract class LinkStoreContractTests : IAsyncLifetime
{
    protected ILinkStore Store { get; private set; } = null!;

    protected abstract Task<ILinkStore> OpenAsync();

    protected abstract ValueTask CloseAsync(ILinkStore store);

    public async Task InitializeAsync() => Store = await OpenAsync();

    public async Task DisposeAsync() => await CloseAsync(Store);

    private static PageOutlinks Page(string url, params string[] targets) =>
        new("j", url, [.. targets.Select((t, i) => new Outlink(t, $"anchor {i}", i % 2 == 0 ? null : "nofollow", i < 2))]);

    [Fact]
    public async Task SavedPages_ReadBackInUrlOrder_WithEveryLink_OfTheirJobOnly()
    {
        var b = Page("http://a.test/b", "http://a.test/1", "http://x.test/2", "http://a.test/3");
        var a = Page("http://a.test/a", "http://a.test/b");
        await Task.WhenAll(Store.SaveAsync(b), Store.SaveAsync(a), Store.SaveAsync(Page("http://a.test/c") with { JobId = "other" }));

        var pages = await Store.ReadPageAsync("j", null, 10);

        Assert.Equal(["http://a.test/a", "http://a.test/b"], pages.Select(p => p.Url));
        Assert.Equal(b.Links, pages[1].Links);
        Assert.Single(await Store.ReadPageAsync("other", null, 10));
    }

    [Fact]
    public async Task RefetchedPage_ReplacesItsLinks()
    {
        await Store.SaveAsync(Page("http://a.test/p", "http://a.test/old"));
        await Store.SaveAsync(Page("http://a.test/p", "http://a.test/new1", "http://a.test/new2"));

        var page = Assert.Single(await Store.ReadPageAsync("j", null, 10));

        Assert.Equal(["http://a.test/new1", "http://a.test/new2"], page.Links.Select(l => l.To));
    }

    [Fact]
    public async Task ManyPages_ArePagedByKey()
    {
        await Task.WhenAll(Enumerable.Range(0, 250).Select(i => Store.SaveAsync(Page($"http://a.test/{i:D3}", "http://a.test/"))));

        var first = await Store.ReadPageAsync("j", null, 100);
        var rest = await Store.ReadPageAsync("j", first[^1].Url, 1000);

        Assert.Equal(100, first.Count);
        Assert.Equal(150, rest.Count);
        Assert.Equal("http://a.test/100", rest[0].Url);
    }
}

public sealed class SqliteLinkStoreTests : LinkStoreContractTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override Task<ILinkStore> OpenAsync() => Task.FromResult<ILinkStore>(SqliteLinkStore.Open(_dir.Path));

    protected override ValueTask CloseAsync(ILinkStore store) => ((SqliteLinkStore)store).DisposeAsync();

    public void Dispose() => _dir.Dispose();
}

public sealed class PostgresLinkStoreTests(PostgresFixture fixture) : LinkStoreContractTests, IClassFixture<PostgresFixture>
{
    private NpgsqlDataSource? _dataSource;

    protected override async Task<ILinkStore> OpenAsync()
    {
        _dataSource = NpgsqlDataSource.Create(await fixture.Server.CreateDatabaseAsync());
        await PostgresSchema.MigrateAsync(_dataSource);
        return new PostgresLinkStore(_dataSource);
    }

    protected override async ValueTask CloseAsync(ILinkStore store)
    {
        await ((PostgresLinkStore)store).DisposeAsync();
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
