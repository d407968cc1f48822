using OrleansCrawler.Core.Ports;
using Microsoft.Data.Sqlite;
using OrleansCrawler.Core.Results;
using OrleansCrawler.Infrastructure.Storage;

namespace OrleansCrawler.Infrastructure.Tests.Storage;

/// <summary>The canonical and noindex columns, and the migration of a results table made before they existed.</summary>
public class SqlitePageStoreDirectivesTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public async Task SaveAsync_CanonicalAndNoIndex_RoundTrip()
    {
        using var dir = new TempDirectory();
        await using var store = SqlitePageStore.Open(dir.Path);
        var withBoth = new PageRecord("j", "http://a.test/x", "http://a.test/x", 200, 0, "x", 0, "text/html", 10, At, null, "http://a.test/c", true);
        var without = new PageRecord("j", "http://a.test/y", "http://a.test/y", 200, 0, "y", 2, "text/html", 10, At, null);
        await store.SaveAsync(withBoth);
        await store.SaveAsync(without);

        Assert.Equal([withBoth, without], await store.ReadAsync("j").ToListAsync());
    }

    [Fact]
    public async Task Open_TableFromBeforeTheNewColumns_IsMigratedAndKeepsItsRows()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "results.db");
        await using (var old = new SqliteConnection($"Data Source={path}"))
        {
            await old.OpenAsync();
            await using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE results (
                    job TEXT NOT NULL, url TEXT NOT NULL, final_url TEXT NOT NULL, status INTEGER NOT NULL,
                    depth INTEGER NOT NULL, title TEXT NULL, outlinks INTEGER NOT NULL, content_type TEXT NULL,
                    bytes INTEGER NOT NULL, fetched_at TEXT NOT NULL, error TEXT NULL,
                    PRIMARY KEY (job, url)) WITHOUT ROWID;
                INSERT INTO results VALUES ('j', 'http://a.test/old', 'http://a.test/old', 200, 0, 'old', 1, 'text/html', 5, '2026-01-02T03:04:05.0000000Z', NULL);
                """;
            await create.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        for (var open = 0; open < 2; open++) // the migration runs at every open and must be idempotent
        {
            await using var store = SqlitePageStore.Open(dir.Path);
            await store.SaveAsync(new PageRecord("j", "http://a.test/new", "http://a.test/new", 200, 0, "new", 0, "text/html", 5, At, null, "http://a.test/", true));

            var read = await store.ReadAsync("j").ToListAsync();

            Assert.Equal(2, read.Count);
            Assert.Equal(new PageRecord("j", "http://a.test/old", "http://a.test/old", 200, 0, "old", 1, "text/html", 5, At, null), read[1]);
            Assert.Equal("http://a.test/", read[0].Canonical);
            Assert.True(read[0].NoIndex);
        }
    }
}
