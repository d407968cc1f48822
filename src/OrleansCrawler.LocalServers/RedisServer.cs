namespace OrleansCrawler.LocalServers;

/// <summary>A real redis-server on a free loopback port, in a temporary folder: without persistence, or with the
/// append-only file as docker-compose.yml runs it (<c>--appendonly yes</c>), which keeps its data across
/// <see cref="StopAsync"/> and <see cref="LocalServer.StartAgainAsync"/>.</summary>
public sealed class RedisServer : LocalServer
{
    private readonly string _exe;
    private readonly string _directory;
    private readonly bool _appendOnly;
    private RedisServer(string exe, string directory, int port, bool appendOnly, string? password) : base("Redis")
    {
        _exe = exe;
        _directory = directory;
        _appendOnly = appendOnly;
        Password = password;
        Port = port;
    }

    /// <summary>The password clients must give (<c>requirepass</c>), or null for none.</summary>
    public string? Password { get; }

    public int Port { get; }

    /// <summary>StackExchange.Redis configuration, e.g. "127.0.0.1:6390".</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <param name="appendOnly">Keep the append-only file, as docker-compose.yml runs Redis.</param>
    /// <param name="password">Ask clients for this password (<c>requirepass</c>, as docker-compose.yml does).</param>
    public static async Task<RedisServer> StartAsync(bool appendOnly = false, string? password = null)
    {
        var exe = Binaries.Find("redis-server", "redis-server");
        var dir = Directory.CreateTempSubdirectory("ocrawl-redis-").FullName;
        return await LaunchedAsync(new RedisServer(exe, dir, Ports.Free(), appendOnly, password));
    }

    /// <summary>Stops the server as <c>docker stop</c> does (SIGTERM: with the append-only file, Redis writes it out
    /// and exits), keeping its folder and port for <see cref="LocalServer.StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (Process.HasExited)
        {
            return;
        }

        Process.Terminate();
        await Process.WaitForExitAsync(TimeSpan.FromSeconds(60));
    }

    protected override ChildProcess Launch() =>
        ChildProcess.Start("redis-server", _exe,
            ["--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", _appendOnly ? "yes" : "no", "--dir", _directory,
                "--protected-mode", "no", .. (Password is null ? Array.Empty<string>() : ["--requirepass", Password])]);

    protected override Task WaitUntilReadyAsync() =>
        Ports.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(30), () => Process.Output);

    public override ValueTask DisposeAsync()
    {
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
}
