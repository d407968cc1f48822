namespace OrleansCrawler.TestSite.Hosting;

/// <summary>
/// A host lifetime that leaves Ctrl+C and SIGTERM alone. The test web runs inside other programs
/// (the ocrawl CLI, test runners) that own the process's signals; the default console lifetime
/// would swallow SIGTERM and stop only the web, not the program.
/// </summary>
internal sealed class PassiveHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
