using OrleansCrawler.LocalServers;

namespace OrleansCrawler.Infrastructure.Tests.Storage;

/// <summary>One real PostgreSQL server for the class; each test takes a fresh database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
