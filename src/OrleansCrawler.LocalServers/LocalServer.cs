namespace OrleansCrawler.LocalServers;

/// <summary>A server process this library runs for tests and benchmarks: launched and waited for until it is ready
/// (disposed if it never is), stopped as an outage would stop it, and started again on the same port with the same
/// data. Subclasses say how to launch it, when it is ready, how to stop it and what to clean up.</summary>
public abstract class LocalServer : IAsyncDisposable
{
    private readonly string _name;
    private ChildProcess? _process;

    protected LocalServer(string name) => _name = name;

    /// <summary>The running (or stopped) server process.</summary>
    protected ChildProcess Process => _process ?? throw new InvalidOperationException($"{_name} was not launched.");

    /// <summary>The process the server was launched as (its own workers are its descendants).</summary>
    public int ProcessId => Process.Id;

    /// <summary>Starts the server stopped by its <c>StopAsync</c> again, on the same port with the same data.</summary>
    public async Task StartAgainAsync()
    {
        if (!Process.HasExited)
        {
            throw new InvalidOperationException($"{_name} is running.");
        }

        Process.Dispose();
        _process = Launch();
        await WaitUntilReadyAsync();
    }

    public abstract ValueTask DisposeAsync();

    /// <summary>Launches <paramref name="server"/> and waits until it is ready; disposes it if it never is.</summary>
    protected static async Task<T> LaunchedAsync<T>(T server) where T : LocalServer
    {
        try
        {
            server._process = server.Launch();
            await server.WaitUntilReadyAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    protected abstract ChildProcess Launch();

    protected abstract Task WaitUntilReadyAsync();

    /// <summary>Ends the process, if one was launched (for <see cref="DisposeAsync"/>).</summary>
    protected void DisposeProcess() => _process?.Dispose();
}
