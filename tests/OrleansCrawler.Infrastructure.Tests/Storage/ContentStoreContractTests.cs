using Npgsql;
using OrleansCrawler.Core.Content;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Infrastructure.Storage;

namespace OrleansCrawler.Infrastructure.Tests.Storage;

/// <summary>What every <see cref="IContentStore"/> does; each subclass runs these against one store.</summary>
public abstract class ContentStoreContractTests : IAsyncLifetime
{
    protected IContentStore Store { get; private set; } = null!;

    protected abstract Task<IContentStore> OpenAsync();

    protected abstract ValueTask CloseAsync(IContentStore store);

    public async Task InitializeAsync() => Store = await OpenAsync();

    public async Task DisposeAsync() => await CloseAsync(Store);

    private static PageContent Page(string url, string body, string? language = "en") =>
        new("j", url, ContentFormat.Markdown, body, language, ContentExtractor.WordCount(body));

    [Fact]
    public async Task SavedContent_ReadsBackInUrlOrder_Unchanged_OfItsJobOnly()
    {
        var b = Page("http://a.test/b", "# Title\n\nÜnïcödé *text* | with a table |\n- and a list", language: null);
        var a = Page("http://a.test/a", string.Concat(Enumerable.Repeat("A long article body. ", 500)));
        await Task.WhenAll(Store.SaveAsync(b), Store.SaveAsync(a), Store.SaveAsync(Page("http://a.test/c", "other job") with { JobId = "other" }));

        var pages = await Store.ReadPageAsync("j", null, 10);

        Assert.Equal([a, b], pages);
        Assert.Single(await Store.ReadPageAsync("other", null, 10));
    }

    [Fact]
    public async Task RefetchedPage_ReplacesItsContent()
    {
        await Store.SaveAsync(Page("http://a.test/p", "old text"));
        await Store.SaveAsync(Page("http://a.test/p", "new text here") with { Format = ContentFormat.Text, Language = "de" });

        var page = Assert.Single(await Store.ReadPageAsync("j", null, 10));

        Assert.Equal(("new text here", ContentFormat.Text, "de", 3), (page.Body, page.Format, page.Language, page.Words));
    }

    [Fact]
    public async Task ManyPages_ArePagedByKey()
    {
        await Task.WhenAll(Enumerable.Range(0, 250).Select(i => Store.SaveAsync(Page($"http://a.test/{i:D3}", $"page {i}"))));

        var first = await Store.ReadPageAsync("j", null, 100);
        var rest = await Store.ReadPageAsync("j", first[^1].Url, 1000);

        Assert.Equal(100, first.Count);
        Assert.Equal(150, rest.Count);
        Assert.Equal("http://a.test/100", rest[0].Url);
    }
}

public sealed class SqliteContentStoreTests : ContentStoreContractTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override Task<IContentStore> OpenAsync() => Task.FromResult<IContentStore>(SqliteContentStore.Open(_dir.Path));

    protected override ValueTask CloseAsync(IContentStore store) => ((SqliteContentStore)store).DisposeAsync();

    public void Dispose() => _dir.Dispose();
}

public sealed class PostgresContentStoreTests(PostgresFixture fixture) : ContentStoreContractTests, IClassFixture<PostgresFixture>
{
    private NpgsqlDataSource? _dataSource;

    protected override async Task<IContentStore> OpenAsync()
    {
        _dataSource = NpgsqlDataSource.Create(await fixture.Server.CreateDatabaseAsync());
        await PostgresSchema.MigrateAsync(_dataSource);
        return new PostgresContentStore(_dataSource);
    }

    protected override async ValueTask CloseAsync(IContentStore store)
    {
        await ((PostgresContentStore)store).DisposeAsync();
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
