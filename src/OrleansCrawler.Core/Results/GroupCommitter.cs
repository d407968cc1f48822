using System.Threading.Channels;

namespace OrleansCrawler.Core.Results;

/// <summary>Group commit: callers hand in one item each and wait; a single writer loop takes whatever has
/// queued up (up to <c>maxBatch</c>), writes it in one call and completes every caller of that batch. Under
/// load batches grow by themselves; when idle an item is written at once. A failed write fails the callers
/// of that batch only (they may retry); nothing is dropped silently.</summary>
public sealed class GroupCommitter<T> : IAsyncDisposable
{
    private readonly Channel<(T Item, TaskCompletionSource Done)> _queue;
    private readonly Func<IReadOnlyList<T>, CancellationToken, Task> _write;
    private readonly int _maxBatch;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public GroupCommitter(Func<IReadOnlyList<T>, CancellationToken, Task> write, int maxBatch = 512, int capacity = 8192)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _write = write;
        _maxBatch = maxBatch;
        _queue = Channel.CreateBounded<(T, TaskCompletionSource)>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Completes when the batch holding <paramref name="item"/> is written.</summary>
    public async Task SubmitAsync(T item, CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync((item, done), cancellationToken).ConfigureAwait(false);
        await done.Task.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var items = new List<T>(_maxBatch);
        var waiters = new List<TaskCompletionSource>(_maxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (items.Count < _maxBatch && reader.TryRead(out var entry))
            {
                items.Add(entry.Item);
                waiters.Add(entry.Done);
            }

            try
            {
                await _write(items, _stop.Token).ConfigureAwait(false);
                foreach (var w in waiters)
                {
                    w.TrySetResult();
                }
            }
            catch (Exception ex)
            {
                foreach (var w in waiters)
                {
                    w.TrySetException(ex);
                }
            }

            items.Clear();
            waiters.Clear();
        }
    }

    /// <summary>Writes what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
