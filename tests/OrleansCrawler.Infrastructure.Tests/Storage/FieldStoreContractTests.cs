using Npgsql;
using OrleansCrawler.Core.Fields;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Infrastructure.Storage;

namespace OrleansCrawler.Infrastructure.Tests.Storage;

/// <summary>What every <see cref="IFieldStore"/> does; each subclass runs these against one store.</summary>
public abstract class FieldStoreContractTests : IAsyncLifetime
{
    protected IFieldStore Store { get; private set; } = null!;

    protected abstract Task<IFieldStore> OpenAsync();

    protected abstract ValueTask CloseAsync(IFieldStore store);

    public async Task InitializeAsync() => Store = await OpenAsync();

    public async Task DisposeAsync() => await CloseAsync(Store);

    [Fact]
    public async Task SavedFields_ReadBackInUrlOrder_Unchanged_OfItsJobOnly()
    {
        var b = new PageFields("j", "http://a.test/b", """{"name":"Lämp \"x\"","tags":["a","b"],"reviews":3,"old":null}""", "old", null);
        var a = new PageFields("j", "http://a.test/a", """{"zeta":"1","alpha":"2"}""", null, "price: timed out");
        await Task.WhenAll(Store.SaveAsync(b), Store.SaveAsync(a), Store.SaveAsync(a with { JobId = "other" }));

        Assert.Equal([a, b], await Store.ReadPageAsync("j", null, 10));
        Assert.Single(await Store.ReadPageAsync("other", null, 10));
    }

    [Fact]
    public async Task RefetchedPage_ReplacesItsFields_AndPagesAreReadByKey()
    {
        await Store.SaveAsync(new PageFields("j", "http://a.test/000", """{"x":"old"}""", "y", "e"));
        await Task.WhenAll(Enumerable.Range(0, 150).Select(i => Store.SaveAsync(new PageFields("j", $"http://a.test/{i:D3}", $$"""{"x":"{{i}}"}""", null, null))));

        var first = await Store.ReadPageAsync("j", null, 100);
        var rest = await Store.ReadPageAsync("j", first[^1].Url, 1000);

        Assert.Equal(new PageFields("j", "http://a.test/000", """{"x":"0"}""", null, null), first[0]);
        Assert.Equal((100, 50, "http://a.test/100"), (first.Count, rest.Count, rest[0].Url));
    }
}

public sealed class SqliteFieldStoreTests : FieldStoreContractTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override Task<IFieldStore> OpenAsync() => Task.FromResult<IFieldStore>(SqliteFieldStore.Open(_dir.Path));

    protected override ValueTask CloseAsync(IFieldStore store) => ((SqliteFieldStore)store).DisposeAsync();

    public void Dispose() => _dir.Dispose();
}

public sealed class PostgresFieldStoreTests(PostgresFixture fixture) : FieldStoreContractTests, IClassFixture<PostgresFixture>
{
    private NpgsqlDataSource? _dataSource;

    protected override async Task<IFieldStore> OpenAsync()
    {
        _dataSource = NpgsqlDataSource.Create(await fixture.Server.CreateDatabaseAsync());
        await PostgresSchema.MigrateAsync(_dataSource);
        return new PostgresFieldStore(_dataSource);
    }

    protected override async ValueTask CloseAsync(IFieldStore store)
    {
        await ((PostgresFieldStore)store).DisposeAsync();
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
