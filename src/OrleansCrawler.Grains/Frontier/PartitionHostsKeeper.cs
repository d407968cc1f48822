using Microsoft.Extensions.Logging;
using OrleansCrawler.Abstractions.Frontier;
using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Grains.Frontier;

/// <summary>Saves a partition's hosts (<see cref="PartitionHosts"/>) to the <see cref="IHostSummaryStore"/> as the
/// partition deactivates, so the hosts view can still show them. Bounded: a save that fails or takes longer than
/// <see cref="Timeout"/> is logged and given up; it never delays a deactivation longer, nor fails it.</summary>
public sealed partial class PartitionHostsKeeper(IHostSummaryStore store, TimeProvider time, ILogger<PartitionHostsKeeper> logger)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Saves the partition's hosts as of now. Never throws.</summary>
    /// <param name="hostsAt">The partition's hosts at a time (<see cref="PartitionHosts.Of"/>).</param>
    public async Task SaveAsync(string jobId, int partition, Func<DateTimeOffset, IEnumerable<HostView>> hostsAt, CancellationToken cancellationToken)
    {
        try
        {
            var now = time.GetUtcNow();
            var record = PartitionHostsMapper.ToRecord(jobId, partition, now, hostsAt(now));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            await store.SaveAsync(record, timeout.Token).WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogSaveFailed(logger, ex, jobId, partition);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partition {JobId}/{Partition}: its hosts were not saved as it deactivated; the hosts view will not show them")]
    private static partial void LogSaveFailed(ILogger logger, Exception error, string jobId, int partition);
}
