using OrleansCrawler.Core.Frontier;

namespace OrleansCrawler.Core.Ports;

/// <summary>Where partitions persist their frontier, incrementally: accepted URLs are appended and settled URLs
/// marked, in batches, so the cost of a write depends on the batch, never on the size of the frontier. Keyed by
/// (job, URL fingerprint). <see cref="FrontierJournal"/> group-commits the writes of every partition of a silo and
/// retries them; implementations only write one batch in one transaction and read a partition back.</summary>
public interface IFrontierStore
{
    /// <summary>Writes one batch atomically: every append first (an existing (job, URL) is left as it is), then every
    /// settle (a settle of a URL not in the store is ignored). Completes when the batch is durable.</summary>
    Task WriteAsync(FrontierBatch batch, CancellationToken cancellationToken = default);

    /// <summary>Every URL of the job's partition in the order it was appended, settled or not, streamed (a partition
    /// of a million URLs is never held as one list).</summary>
    IAsyncEnumerable<FrontierRow> LoadAsync(string jobId, int partition, CancellationToken cancellationToken = default);

    /// <summary>Forgets the job's frontier (after it finished; its results stay).</summary>
    Task DeleteAsync(string jobId, CancellationToken cancellationToken = default);
}
