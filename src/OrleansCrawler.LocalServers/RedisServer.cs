namespace OrleansCrawler.LocalServers;

/// <summary>A real redis-server on a free loopback port, in a temporary folder, without persistence.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string _directory;

    private RedisServer(ChildProcess process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>StackExchange.Redis configuration, e.g. "127.0.0.1:6390".</summary>
    public string Address => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var exe = Binaries.Find("redis-server", "redis-server");
        var dir = Directory.CreateTempSubdirectory("ocrawl-redis-").FullName;
        var port = Ports.Free();
        var process = ChildProcess.Start("redis-server", exe,
            ["--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--protected-mode", "no"]);
        await Ports.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(30), () => process.Output);
        return new RedisServer(process, dir, port);
    }

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
