using OrleansCrawler.Core.Frontier;

namespace OrleansCrawler.Core.Ports;

/// <summary>Where a partition leaves its per-host summary when it deactivates, so that the web console's hosts view
/// still shows the hosts of a partition no longer in memory (an ended job's, an idle one's) without activating it.</summary>
public interface IHostSummaryStore
{
    /// <summary>Writes the partition's summary, replacing the one it saved before.</summary>
    Task SaveAsync(PartitionHostsRecord record, CancellationToken cancellationToken = default);

    /// <summary>The job's saved summaries, one per partition that saved one, in partition order.</summary>
    Task<IReadOnlyList<PartitionHostsRecord>> ReadAsync(string jobId, CancellationToken cancellationToken = default);
}
