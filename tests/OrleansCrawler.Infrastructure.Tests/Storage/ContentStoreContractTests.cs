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

    /// <summary>A new file's table is a rowid table (rows appended in crawl order) with a unique (job, url) index.</summary>
    [Fact]
    public async Task NewFile_IsARowidTable_WithAUniqueKeyIndex()
    {
        await Store.SaveAsync(new PageContent("j", "http://a.test/p", ContentFormat.Text, "text", "en", 1));

        var (table, indexes) = Schema(Path.Combine(_dir.Path, SqliteContentStore.FileName));

        Assert.DoesNotContain("WITHOUT ROWID", table, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("CREATE UNIQUE INDEX page_content_key ON page_content (job, url)", indexes);
    }

    /// <summary>A content.db made before the rowid layout (a keyed WITHOUT ROWID table) still opens, is written and read,
    /// a refetch still replaces its row, and gets no second key index.</summary>
    [Fact]
    public async Task FileWithTheKeyedTableOfOlderVersions_StillWorks_WithoutAnExtraIndex()
    {
        using var old = new TempDirectory();
        var path = Path.Combine(old.Path, SqliteContentStore.FileName);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=false"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = """
                CREATE TABLE page_content (job TEXT NOT NULL, url TEXT NOT NULL, format INTEGER NOT NULL, language TEXT NULL,
                    words INTEGER NOT NULL, body BLOB NOT NULL, PRIMARY KEY (job, url)) WITHOUT ROWID;
                """;
            create.ExecuteNonQuery();
        }

        await using (var store = SqliteContentStore.Open(old.Path))
        {
            await store.SaveAsync(new PageContent("j", "http://a.test/p", ContentFormat.Text, "old", "en", 1));
            await store.SaveAsync(new PageContent("j", "http://a.test/p", ContentFormat.Text, "new body", "en", 2));
            Assert.Equal("new body", Assert.Single(await store.ReadPageAsync("j", null, 10)).Body);
        }

        var (table, indexes) = Schema(path);
        Assert.Contains("WITHOUT ROWID", table, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(indexes);
    }

    private static (string Table, List<string> Indexes) Schema(string path)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT type, sql FROM sqlite_master WHERE tbl_name = 'page_content' AND sql IS NOT NULL";
        using var reader = command.ExecuteReader();
        var (table, indexes) = ("", new List<string>());
        while (reader.Read())
        {
            if (reader.GetString(0) == "table")
            {
                table = reader.GetString(1);
            }
            else
            {
                indexes.Add(reader.GetString(1));
            }
        }

        return (table, indexes);
    }
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
