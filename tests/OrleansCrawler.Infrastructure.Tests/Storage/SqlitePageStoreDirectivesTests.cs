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
    public async Task SaveAsync_DuplicateOfAndDistance_RoundTrip()
    {
        using var dir = new TempDirectory();
        await using var store = SqlitePageStore.Open(dir.Path);
        var copy = new PageRecord("j", "http://a.test/copy", "http://a.test/copy", 200, 0, "x", 0, "text/html", 10, At, null, DuplicateOf: "http://a.test/first", DuplicateDistance: 3);
        var first = new PageRecord("j", "http://a.test/first", "http://a.test/first", 200, 0, "x", 0, "text/html", 10, At, null);
        await store.SaveAsync(copy);
        await store.SaveAsync(first);

        Assert.Equal([copy, first], await store.ReadAsync("j").ToListAsync());
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

        // The keyed table is its own (job, url) index: no second one.
        Assert.DoesNotContain(Indexes(path), sql => sql.Contains("results_key", StringComparison.Ordinal));
    }

    /// <summary>A new results.db: a rowid table (rows appended in crawl order) with a unique (job, url) index, and a
    /// refetch still replaces its row.</summary>
    [Fact]
    public async Task Open_NewFile_IsARowidTable_WithAUniqueKeyIndex()
    {
        using var dir = new TempDirectory();
        await using (var store = SqlitePageStore.Open(dir.Path))
        {
            await store.SaveAsync(new PageRecord("j", "http://a.test/p", "http://a.test/p", 500, 0, null, 0, null, 0, At, "boom"));
            await store.SaveAsync(new PageRecord("j", "http://a.test/p", "http://a.test/p", 200, 0, "ok", 0, "text/html", 5, At, null));
            Assert.Equal(200, Assert.Single(await store.ReadAsync("j").ToListAsync()).Status);
        }

        var path = Path.Combine(dir.Path, "results.db");
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'results'";
        Assert.DoesNotContain("WITHOUT ROWID", (string)(await command.ExecuteScalarAsync())!, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(Indexes(path), sql => sql == "CREATE UNIQUE INDEX results_key ON results (job, url)");
    }

    private static List<string> Indexes(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'results' AND sql IS NOT NULL";
        using var reader = command.ExecuteReader();
        var indexes = new List<string>();
        while (reader.Read())
        {
            indexes.Add(reader.GetString(0));
        }

        return indexes;
    }
}
