using System.Collections.Concurrent;
using Npgsql;
using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Frontier;
using OrleansCrawler.Infrastructure.Storage;
using OrleansCrawler.LocalServers;

namespace OrleansCrawler.Infrastructure.Tests.Storage;

/// <summary>The frontier journal over a PostgreSQL server that goes away and comes back (its own server: the
/// restart would disturb the other PostgreSQL tests).</summary>
public sealed class PostgresFrontierOutageTests
{
    private static string Url(int i) => $"http://h{i % 7}.test:8123/p/{i}.html";

    private static FrontierAppend Append(int i) => FrontierAppend.Of("j", 0, Url(i), i % 5);

    private static FrontierSettle Settle(int i) => FrontierSettle.Of("j", 0, Url(i), CrawlOutcome.Fetched, i, null);

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Journal_PostgresRestartMidWrites_WritesStallThenEveryOneCompletes()
    {
        await using var server = await PostgresServer.StartAsync();
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        await PostgresSchema.MigrateAsync(dataSource);
        var store = new PostgresFrontierStore(dataSource);
        await using var journal = new FrontierJournal(store);

        // Before the outage: 100 URLs appended, the first 50 settled.
        await journal.AppendAsync([.. Enumerable.Range(0, 100).Select(Append)]);
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => journal.SettleAsync(Settle(i))));
        Assert.Null(journal.Health.Problem);

        // A partition keeps writing (URL i appended, URL i - 100 settled) while the server is stopped under it.
        var writes = new ConcurrentQueue<Task>();
        var producer = Task.Run(async () =>
        {
            for (var i = 100; i < 400; i++)
            {
                writes.Enqueue(journal.AppendAsync([Append(i)]));
                writes.Enqueue(journal.SettleAsync(Settle(i - 100)));
                await Task.Delay(2);
            }
        });
        await WaitUntilAsync(() => writes.Count >= 100, "the first writes");
        await server.StopAsync();

        await WaitUntilAsync(() => journal.Health.Problem is not null, "the journal to notice the outage");
        Assert.Contains("frontier store unavailable since", journal.Health.Problem);
        await producer;
        var duringOutage = journal.SettleAsync(Settle(300));
        await Task.Delay(500);
        Assert.False(duringOutage.IsCompleted, "a write completed while PostgreSQL was down");
        Assert.Contains(writes, w => !w.IsCompleted);
        Assert.DoesNotContain(writes, w => w.IsFaulted);

        await server.StartAgainAsync();

        await Task.WhenAll([.. writes, duringOutage]).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Null(journal.Health.Problem);
        var rows = await store.LoadAsync("j", 0).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 400).Select(Url), rows.Select(r => r.Url));
        Assert.Equal(Enumerable.Range(0, 400).Select(i => i % 5), rows.Select(r => r.Depth));
        Assert.All(rows.Take(301), (r, i) => Assert.Equal((CrawlOutcome.Fetched, (long)i), (r.Outcome!.Value, r.Bytes)));
        Assert.All(rows.Skip(301), r => Assert.Null(r.Outcome));
    }
}
