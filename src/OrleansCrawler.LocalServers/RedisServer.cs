namespace OrleansCrawler.LocalServers;

/// <summary>A real redis-server on a free loopback port, in a temporary folder: without persistence, or with the
/// append-only file as docker-compose.yml runs it (<c>--appendonly yes</c>), which keeps its data across
/// <see cref="StopAsync"/> and <see cref="StartAgainAsync"/>.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _exe;
    private readonly string _directory;
    private readonly bool _appendOnly;
    private ChildProcess _process;

    private RedisServer(string exe, string directory, int port, bool appendOnly)
    {
        _exe = exe;
        _directory = directory;
        _appendOnly = appendOnly;
        Port = port;
        _process = Launch();
    }

    public int Port { get; }

    /// <summary>StackExchange.Redis configuration, e.g. "127.0.0.1:6390".</summary>
    public string Address => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync(bool appendOnly = false)
    {
        var exe = Binaries.Find("redis-server", "redis-server");
        var dir = Directory.CreateTempSubdirectory("ocrawl-redis-").FullName;
        var server = new RedisServer(exe, dir, Ports.Free(), appendOnly);
        try
        {
            await server.WaitUntilListeningAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Stops the server as <c>docker stop</c> does (SIGTERM: with the append-only file, Redis writes it out
    /// and exits), keeping its folder and port for <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        _process.Terminate();
        await _process.WaitForExitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Starts the server stopped by <see cref="StopAsync"/> again, on the same port with the same folder.</summary>
    public async Task StartAgainAsync()
    {
        if (!_process.HasExited)
        {
            throw new InvalidOperationException("Redis is running.");
        }

        _process.Dispose();
        _process = Launch();
        await WaitUntilListeningAsync();
    }

    private ChildProcess Launch() =>
        ChildProcess.Start("redis-server", _exe,
            ["--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", _appendOnly ? "yes" : "no", "--dir", _directory,
                "--protected-mode", "no"]);

    private Task WaitUntilListeningAsync() =>
        Ports.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(30), () => _process.Output);

    public ValueTask DisposeAsync()
    {
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
}
