using System.Runtime.CompilerServices;
using OrleansCrawler.Core.Frontier;
using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Pipeline.Tests.Fakes;

/// <summary>A frontier store in memory that keeps every batch written, in order.</summary>
internal sealed class MemoryFrontierStore : IFrontierStore
{
    private readonly List<FrontierBatch> _batches = [];

    public IReadOnlyList<FrontierSettle> Settles
    {
        get
        {
            lock (_batches)
            {
                return [.. _batches.SelectMany(b => b.Settles)];
            }
        }
    }

    public Task WriteAsync(FrontierBatch batch, CancellationToken cancellationToken = default)
    {
        lock (_batches)
        {
            _batches.Add(batch);
        }

        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<FrontierRow> LoadAsync(string jobId, int partition, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        yield break;
    }

    public Task DeleteAsync(string jobId, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
