using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using OrleansCrawler.Abstractions.Frontier;
using OrleansCrawler.Grains.Frontier;
using OrleansCrawler.Infrastructure.Storage;

namespace OrleansCrawler.Grains.Tests;

/// <summary>The save a partition makes as it deactivates: what it writes (real SQLite), and that a store that fails or
/// never answers costs a logged warning, never an exception.</summary>
public sealed class PartitionHostsKeeperTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ocrawl-hosts-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero));
    private readonly RecordingLogger _log = new();

    private static HostView Host(string authority, int queued, DateTimeOffset? notBefore = null) =>
        new(authority, 5, queued, queued > 0 ? 1 : 0, TimeSpan.FromMilliseconds(250), queued > 0 ? "active" : "given-up", notBefore,
            queued % 3, queued > 0 ? null : "10 consecutive failures", "parsed (200)", queued > 0 ? null : TimeSpan.FromSeconds(2));

    [Fact]
    public async Task SaveAsync_WritesTheHosts_ReadBackMarkedWithTheTimeOfSaving()
    {
        await using var store = SqliteHostSummaryStore.Open(_dir);
        var hosts = new[] { Host("b.test:8080", 0), Host("a.test", 7, _time.GetUtcNow().AddMinutes(1)), Host("c.test", 7) };
        DateTimeOffset? asked = null;

        await new PartitionHostsKeeper(store, _time, _log).SaveAsync("j", 5, now => { asked = now; return hosts; }, CancellationToken.None);

        var record = Assert.Single(await store.ReadAsync("j"));
        Assert.Equal((5, _time.GetUtcNow(), _time.GetUtcNow()), (record.Partition, record.SavedAt, asked!.Value));
        Assert.Equal(new[] { hosts[1], hosts[2], hosts[0] }.Select(h => h with { SavedAt = _time.GetUtcNow() }), PartitionHostsMapper.HostsOf(record));
        Assert.Empty(_log.Warnings);
    }

    [Fact]
    public async Task SaveAsync_MoreHostsThanKept_KeepsTheMostQueued()
    {
        await using var store = SqliteHostSummaryStore.Open(_dir);
        var hosts = Enumerable.Range(0, PartitionHostsMapper.MaxHosts + 2).Select(i => Host($"h{i:D5}.test", i)).ToList();

        await new PartitionHostsKeeper(store, _time, _log).SaveAsync("j", 5, _ => hosts, CancellationToken.None);

        var kept = PartitionHostsMapper.HostsOf(Assert.Single(await store.ReadAsync("j")));
        Assert.Equal(PartitionHostsMapper.MaxHosts, kept.Length);
        Assert.Equal(hosts.Count - 1, kept[0].Queued);
        Assert.DoesNotContain(kept, h => h.Queued < 2);
    }

    [Fact]
    public async Task SaveAsync_StoreFails_ReturnsAndLogsAWarningNamingThePartition()
    {
        await using var store = SqliteHostSummaryStore.Open(_dir);
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);

        await new PartitionHostsKeeper(store, _time, _log).SaveAsync("job-x", 3, _ => [Host("a.test", 1)], CancellationToken.None);

        Assert.Contains("job-x/3", Assert.Single(_log.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveAsync_StoreNeverAnswers_GivesUpAtItsTimeout_AndLogsAWarning()
    {
        // A "PostgreSQL" that accepts the connection and never says a word.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var accepted = new List<Socket>();
        _ = Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                var socket = await silent.AcceptSocketAsync();
                lock (accepted)
                {
                    accepted.Add(socket);
                }
            }
        });
        await using var dataSource = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={port};Username=u;Password=p;Database=d;Timeout=300;Pooling=false");

        await new PartitionHostsKeeper(new PostgresHostSummaryStore(dataSource), _time, _log)
            .SaveAsync("job-y", 1, _ => [Host("a.test", 1)], CancellationToken.None);

        Assert.Contains("job-y/1", Assert.Single(_log.Warnings), StringComparison.Ordinal);
        silent.Stop();
        lock (accepted)
        {
            accepted.ForEach(s => s.Dispose());
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private sealed class RecordingLogger : ILogger<PartitionHostsKeeper>
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                lock (Warnings)
                {
                    Warnings.Add(formatter(state, exception));
                }
            }
        }
    }
}
