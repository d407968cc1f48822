using Npgsql;

namespace OrleansCrawler.LocalServers;

/// <summary>A real PostgreSQL server from the installed binaries: initdb into a temporary folder, started on a
/// free loopback port with trust authentication and fsync off (a test database, not a durable one). As root
/// (CI), the server runs as the 'postgres' user, which PostgreSQL requires.</summary>
public sealed class PostgresServer : LocalServer
{
    private const string User = "ocrawl";
    private readonly string _directory;
    private readonly string _postgres;
    private int _databases;

    private PostgresServer(string directory, string postgres, int port) : base("PostgreSQL")
    {
        _directory = directory;
        _postgres = postgres;
        Port = port;
    }

    public int Port { get; }

    private string DataDirectory => Path.Combine(_directory, "data");

    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username={User};Database={database};Pooling=true;Timeout=15";

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = Binaries.PostgresBinDirectories();
        var initdb = Binaries.Find("initdb", "postgresql", bin);
        var postgres = Binaries.Find("postgres", "postgresql", bin);
        var dir = Directory.CreateTempSubdirectory("ocrawl-pg-").FullName;
        var port = Ports.Free();
        if (Binaries.RunningAsRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", dir]);
        }

        await RunAsync(initdb, ["-D", Path.Combine(dir, "data"), "-U", User, "--auth=trust", "--encoding=UTF8", "--no-sync"], asPostgres: true);
        return await LaunchedAsync(new PostgresServer(dir, postgres, port));
    }

    /// <summary>Stops the server as an outage would (fast shutdown: open connections are cut, new ones refused),
    /// keeping its data and port for <see cref="LocalServer.StartAgainAsync"/>. Clients' pools are left as they are.</summary>
    public async Task StopAsync()
    {
        if (Process.HasExited)
        {
            return;
        }

        // SIGINT to the postmaster itself (as root _process is runuser, which would turn any signal into SIGTERM: a
        // smart shutdown that waits for every client to leave).
        var postmaster = int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First());
        ChildProcess.SignalProcess(postmaster, 2);
        await Process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        // The admin connections of CreateDatabaseAsync are broken now: do not hand them out after the restart.
        await using var admin = new NpgsqlConnection(ConnectionString());
        NpgsqlConnection.ClearPool(admin);
    }

    protected override ChildProcess Launch() =>
        StartAs(_postgres, ["-D", DataDirectory, "-p", Port.ToString(), "-k", _directory, "-c", "listen_addresses=127.0.0.1",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200"]);

    protected override async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                // Not pooled: a pooled connection opened here could be one a later StopAsync breaks.
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString()) { Pooling = false }.ToString());
                await connection.OpenAsync();
                return;
            }
            catch (Exception ex) when ((ex is NpgsqlException or System.Net.Sockets.SocketException) && DateTime.UtcNow < deadline && !Process.HasExited)
            {
                await Task.Delay(200);
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException($"PostgreSQL did not start: {ex.Message}\n{Process.Output}", ex);
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
    public override ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        DisposeProcess();
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
