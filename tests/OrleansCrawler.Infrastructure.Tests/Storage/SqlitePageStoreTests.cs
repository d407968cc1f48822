using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;
using OrleansCrawler.Infrastructure.Storage;

namespace OrleansCrawler.Infrastructure.Tests.Storage;

public class SqlitePageStoreTests
{
    private static PageRecord Record(string job, string url, int status = 200, string? title = "t") =>
        new(job, url, url, status, 1, title, 3, "text/html", 1234, new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), null);

    [Fact]
    public async Task SaveAsync_ThenReadAsync_RoundTripsEveryField()
    {
        using var dir = new TempDirectory();
        await using var store = SqlitePageStore.Open(dir.Path);
        var record = new PageRecord("j", "http://a.test/x", "http://a.test/y", 404, 3, null, 0, null, 77,
            new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), "timeout: slow");
        await store.SaveAsync(record);

        var read = await store.ReadAsync("j").ToListAsync();

        Assert.Equal([record], read);
    }

    [Fact]
    public async Task SaveAsync_SameUrlTwice_KeepsOneRecordWithTheLatestValues()
    {
        using var dir = new TempDirectory();
        await using var store = SqlitePageStore.Open(dir.Path);
        await store.SaveAsync(Record("j", "http://a.test/x", 500));
        await store.SaveAsync(Record("j", "http://a.test/x", 200));

        var read = await store.ReadAsync("j").ToListAsync();

        Assert.Equal(200, Assert.Single(read).Status);
    }

    [Fact]
    public async Task ReadAsync_KeepsJobsApart()
    {
        using var dir = new TempDirectory();
        await using var store = SqlitePageStore.Open(dir.Path);
        await store.SaveAsync(Record("a", "http://a.test/1"));
        await store.SaveAsync(Record("b", "http://a.test/1"));
        await store.SaveAsync(Record("b", "http://a.test/2"));

        Assert.Equal(1, await store.CountAsync("a"));
        Assert.Equal(2, await store.CountAsync("b"));
        Assert.Equal(["http://a.test/1", "http://a.test/2"], (await store.ReadAsync("b").ToListAsync()).Select(r => r.Url));
    }

    [Fact]
    public async Task SaveAsync_ManyConcurrent_AllDurableAfterReopen()
    {
        using var dir = new TempDirectory();
        await using (var store = SqlitePageStore.Open(dir.Path))
        {
            await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => store.SaveAsync(Record("j", $"http://a.test/{i:D5}"))));
        }

        await using var reopened = SqlitePageStore.Open(dir.Path);
        Assert.Equal(2000, await reopened.CountAsync("j"));
        Assert.True(File.Exists(Path.Combine(dir.Path, "results.db")));
    }
}
