using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Core.Frontier;

/// <summary>The write side of frontier persistence for every partition of a silo: appends and settles are
/// group-committed (one transaction for whatever queued up, appends before settles) and retried with backoff while the
/// store is away, in order, never dropped. A partition awaits an append before it acknowledges the URLs it accepted,
/// and a worker awaits a settle before it takes its next URL, so after a crash only URLs that were in flight are
/// crawled again.</summary>
public sealed class FrontierJournal : IAsyncDisposable
{
    private readonly IFrontierStore _store;
    private readonly GroupCommitter<Write> _committer;

    public FrontierJournal(IFrontierStore store, StoreHealth? health = null, TimeProvider? time = null, int maxBatch = 1024)
    {
        _store = store;
        Health = health ?? new StoreHealth("frontier store", time);
        _committer = new GroupCommitter<Write>(WriteAsync, maxBatch, retryDelay: GroupCommitter<Write>.Backoff, health: Health, time: time);
    }

    public StoreHealth Health { get; }

    /// <summary>Completes when the accepted URLs are durable.</summary>
    public Task AppendAsync(IReadOnlyList<FrontierAppend> appends) =>
        appends.Count == 0 ? Task.CompletedTask : _committer.SubmitAsync(new Write(appends, default));

    /// <summary>Completes when the settled URL is durable.</summary>
    public Task SettleAsync(FrontierSettle settle) => _committer.SubmitAsync(new Write(null, settle));

    public IAsyncEnumerable<FrontierRow> LoadAsync(string jobId, int partition, CancellationToken cancellationToken = default) =>
        _store.LoadAsync(jobId, partition, cancellationToken);

    private Task WriteAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken)
    {
        var appends = new List<FrontierAppend>();
        var settles = new List<FrontierSettle>();
        foreach (var w in writes)
        {
            if (w.Appends is not null)
            {
                appends.AddRange(w.Appends);
            }
            else
            {
                settles.Add(w.Settle);
            }
        }

        return _store.WriteAsync(new FrontierBatch(appends, settles), cancellationToken);
    }

    public ValueTask DisposeAsync() => _committer.DisposeAsync();

    private readonly record struct Write(IReadOnlyList<FrontierAppend>? Appends, FrontierSettle Settle);
}
