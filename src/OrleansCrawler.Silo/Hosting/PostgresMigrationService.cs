using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OrleansCrawler.Infrastructure.Storage;

namespace OrleansCrawler.Silo.Hosting;

/// <summary>Creates or migrates the PostgreSQL schema when the silo starts, waiting a bounded time for the
/// database to come up (in compose it may start at the same moment).</summary>
public sealed partial class PostgresMigrationService(NpgsqlDataSource dataSource, ILogger<PostgresMigrationService> logger) : IHostedService
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Patience;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await PostgresSchema.MigrateAsync(dataSource, cancellationToken);
                LogMigrated(logger, PostgresSchema.LatestVersion);
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException && DateTime.UtcNow < deadline)
            {
                LogWaiting(logger, attempt, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), cancellationToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                throw new CrawlerConfigurationException(
                    $"PostgreSQL at Crawler:Storage:Postgres is unreachable after {Patience.TotalSeconds:0} s: {ex.Message}");
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL schema at version {Version}")]
    private static partial void LogMigrated(ILogger logger, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waiting for PostgreSQL (attempt {Attempt}): {Reason}")]
    private static partial void LogWaiting(ILogger logger, int attempt, string reason);
}
