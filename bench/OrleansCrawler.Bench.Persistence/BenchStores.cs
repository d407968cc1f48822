using Npgsql;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Infrastructure.Storage;
using OrleansCrawler.LocalServers;

namespace OrleansCrawler.Bench.Persistence;

/// <summary>A fresh, empty frontier store for one measurement, and how big it got.</summary>
internal sealed class BenchStore(IFrontierStore store, Func<Task<long>> sizeBytes, Func<Task> afterPrefill, Func<ValueTask> dispose) : IAsyncDisposable
{
    public IFrontierStore Store { get; } = store;

    /// <summary>Bytes the store takes (files or relation with its indexes).</summary>
    public Task<long> SizeBytesAsync() => sizeBytes();

    /// <summary>Brings a freshly bulk-loaded store to a steady state before the timed batches.</summary>
    public Task AfterPrefillAsync() => afterPrefill();

    public ValueTask DisposeAsync() => dispose();
}

/// <summary>Makes a fresh store of one kind per measurement.</summary>
internal interface IBenchStoreKind : IAsyncDisposable
{
    string Name { get; }

    /// <summary>What the numbers rest on (settings that matter for them).</summary>
    string Description { get; }

    Task<BenchStore> CreateAsync();
}

/// <summary><see cref="SqliteFrontierStore"/> in a temporary folder (WAL, synchronous=NORMAL as in production).</summary>
internal sealed class SqliteBenchStores : IBenchStoreKind
{
    public string Name => "sqlite";

    public string Description => "SqliteFrontierStore in a temporary folder: WAL, synchronous=NORMAL (as the silo runs it)";

    public Task<BenchStore> CreateAsync()
    {
        var dir = Directory.CreateTempSubdirectory("ocrawl-bench-frontier-").FullName;
        var store = SqliteFrontierStore.Open(dir);
        return Task.FromResult(new BenchStore(store,
            () => Task.FromResult(Directory.EnumerateFiles(dir).Sum(f => new FileInfo(f).Length)),
            () => Task.CompletedTask,
            () =>
            {
                store.Dispose();
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(dir, recursive: true);
                return ValueTask.CompletedTask;
            }));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary><see cref="PostgresFrontierStore"/> on a local server started from the installed binaries (see
/// <see cref="PostgresServer"/>: fsync and synchronous_commit off), a fresh database per measurement.</summary>
internal sealed class PostgresBenchStores(PostgresServer server, string version) : IBenchStoreKind
{
    public string Name => "postgres";

    public string Description => $"PostgresFrontierStore on a local PostgreSQL {version} (LocalServers: fsync=off, synchronous_commit=off, default shared_buffers)";

    /// <summary>Starts the server; null with the reason when PostgreSQL is not installed.</summary>
    public static async Task<(PostgresBenchStores? Stores, string? Skipped)> StartAsync()
    {
        PostgresServer server;
        try
        {
            server = await PostgresServer.StartAsync();
        }
        catch (MissingBinaryException ex)
        {
            return (null, ex.Message);
        }

        await using var connection = new NpgsqlConnection(server.ConnectionString());
        await connection.OpenAsync();
        return (new PostgresBenchStores(server, connection.PostgreSqlVersion.ToString()), null);
    }

    public async Task<BenchStore> CreateAsync()
    {
        var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync("bench"));
        await PostgresSchema.MigrateAsync(dataSource);
        return new BenchStore(new PostgresFrontierStore(dataSource),
            async () =>
            {
                await using var command = dataSource.CreateCommand("SELECT pg_total_relation_size('frontier')");
                return (long)(await command.ExecuteScalarAsync())!;
            },
            // A long-lived frontier table has been vacuumed and analyzed by autovacuum; one loaded in a few seconds
            // has not (half a million dead row versions from the settles, no statistics).
            async () =>
            {
                await using var command = dataSource.CreateCommand("VACUUM ANALYZE frontier");
                await command.ExecuteNonQueryAsync();
            },
            dataSource.DisposeAsync);
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
