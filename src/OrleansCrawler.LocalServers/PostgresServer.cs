using Npgsql;

namespace OrleansCrawler.LocalServers;

/// <summary>A real PostgreSQL server from the installed binaries: initdb into a temporary folder, started on a
/// free loopback port with trust authentication and fsync off (a test database, not a durable one). As root
/// (CI), the server runs as the 'postgres' user, which PostgreSQL requires.</summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string User = "ocrawl";
    private readonly ChildProcess _process;
    private readonly string _directory;
    private int _databases;

    private PostgresServer(ChildProcess process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username={User};Database={database};Pooling=true;Timeout=15";

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = Binaries.PostgresBinDirectories();
        var initdb = Binaries.Find("initdb", "postgresql", bin);
        var postgres = Binaries.Find("postgres", "postgresql", bin);
        var dir = Directory.CreateTempSubdirectory("ocrawl-pg-").FullName;
        var data = Path.Combine(dir, "data");
        var port = Ports.Free();
        if (Binaries.RunningAsRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", dir]);
        }

        await RunAsync(initdb, ["-D", data, "-U", User, "--auth=trust", "--encoding=UTF8", "--no-sync"], asPostgres: true);
        var process = StartAs(postgres, ["-D", data, "-p", port.ToString(), "-k", dir, "-c", "listen_addresses=127.0.0.1",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200"]);
        var server = new PostgresServer(process, dir, port);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(server.ConnectionString());
                await connection.OpenAsync();
                return server;
            }
            catch (Exception ex) when ((ex is NpgsqlException or System.Net.Sockets.SocketException) && DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(200);
            }
            catch (Exception ex)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"PostgreSQL did not start: {ex.Message}\n{process.Output}", ex);
            }
        }
    }

    /// <summary>A fresh, empty database for one test.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var name = $"{prefix}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..8]}";
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Creates the named database if it does not exist yet.</summary>
    public async Task<string> EnsureDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        if (await exists.ExecuteScalarAsync() is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    /// <summary>Stops the server as a crash would (for outage tests) or cleanly at dispose.</summary>
    public ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }

        return ValueTask.CompletedTask;
    }

    private static ChildProcess StartAs(string exe, string[] args) =>
        Binaries.RunningAsRoot
            ? ChildProcess.Start("postgres", Binaries.Find("runuser", "util-linux"), ["-u", "postgres", "--", exe, .. args])
            : ChildProcess.Start("postgres", exe, args);

    private static async Task RunAsync(string exe, string[] args, bool asPostgres = false)
    {
        using var process = asPostgres ? StartAs(exe, args) : ChildProcess.Start(Path.GetFileName(exe), exe, args);
        var code = await process.WaitForExitAsync(TimeSpan.FromMinutes(1));
        if (code != 0)
        {
            throw new InvalidOperationException($"{exe} {string.Join(' ', args)} failed ({code}):\n{process.Output}");
        }
    }
}
