using System.Threading.Channels;

namespace OrleansCrawler.Core.Results;

/// <summary>Group commit: callers hand in one item each and wait; a single writer loop takes whatever has
/// queued up (up to <c>maxBatch</c>), writes it in one call and completes every caller of that batch. Under
/// load batches grow by themselves; when idle an item is written at once.
/// <para>Failures: without a <c>retryDelay</c>, a failed write fails the callers of that batch only. With one, the
/// same batch is written again after the delay it gives for the attempt (null: give up and fail the callers), and
/// batches behind it wait, so writes keep their order and none is dropped while the store is away (a PostgreSQL
/// restart: the crawl stalls, then goes on). <c>health</c> hears each failure and the recovery.</para></summary>
public sealed class GroupCommitter<T> : IAsyncDisposable
{
    private readonly Channel<(T Item, TaskCompletionSource Done)> _queue;
    private readonly Func<IReadOnlyList<T>, CancellationToken, Task> _write;
    private readonly Func<int, TimeSpan?>? _retryDelay;
    private readonly IWriteHealth? _health;
    private readonly TimeProvider _time;
    private readonly int _maxBatch;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public GroupCommitter(Func<IReadOnlyList<T>, CancellationToken, Task> write, int maxBatch = 512, int capacity = 8192,
        Func<int, TimeSpan?>? retryDelay = null, IWriteHealth? health = null, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _write = write;
        _maxBatch = maxBatch;
        _retryDelay = retryDelay;
        _health = health;
        _time = time ?? TimeProvider.System;
        _queue = Channel.CreateBounded<(T, TaskCompletionSource)>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>How long <see cref="DisposeAsync"/> lets queued writes finish (retrying) before it fails them.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Retry forever: 100 ms, doubling, at most 5 s between attempts.</summary>
    public static TimeSpan? Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(5000, 100 * Math.Pow(2, Math.Min(attempt - 1, 16))));

    /// <summary>Completes when the batch holding <paramref name="item"/> is written.</summary>
    public async Task SubmitAsync(T item, CancellationToken cancellationToken = default)
    {
        // Completed by the batch's completion work item (see Complete), where the continuations run in turn.
        var done = new TaskCompletionSource();
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

            var error = await WriteWithRetryAsync(items).ConfigureAwait(false);
            Complete([.. waiters], error);

            items.Clear();
            waiters.Clear();
        }
    }

    /// <summary>Completes a written batch's waiters on one thread-pool work item, where their continuations run one
    /// after the other (a grain's continuation only posts itself to its scheduler; the others are short steps up to
    /// their next await), instead of a work item per waiter: at thousands of URLs a second, with three group commits
    /// per URL, the per-waiter work items were a measured share of the crawler's CPU (docs/benchmarks.md). Off the
    /// writer loop, so the next batch is written meanwhile.</summary>
    private static void Complete(TaskCompletionSource[] waiters, Exception? error) =>
        ThreadPool.UnsafeQueueUserWorkItem(static state =>
        {
            var (batch, failure) = state;
            foreach (var w in batch)
            {
                if (failure is null)
                {
                    w.TrySetResult();
                }
                else
                {
                    w.TrySetException(failure);
                }
            }
        }, (waiters, error), preferLocal: false);

    private async Task<Exception?> WriteWithRetryAsync(List<T> items)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _write(items, _stop.Token).ConfigureAwait(false);
                if (attempt > 1)
                {
                    _health?.Recovered();
                }

                return null;
            }
            catch (Exception ex)
            {
                var delay = _stop.IsCancellationRequested ? null : _retryDelay?.Invoke(attempt);
                _health?.Failed(ex, attempt, delay is not null);
                if (delay is null)
                {
                    return ex;
                }

                try
                {
                    await Task.Delay(delay.Value, _time, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return ex;
                }
            }
        }
    }

    /// <summary>Writes what is queued (for at most <see cref="DrainTimeout"/> while a store is failing), then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (await Task.WhenAny(_loop, Task.Delay(DrainTimeout, _time)).ConfigureAwait(false) != _loop)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}

/// <summary>Hears about a store's failed writes and its recovery (see <see cref="GroupCommitter{T}"/>).</summary>
public interface IWriteHealth
{
    void Failed(Exception error, int attempt, bool willRetry);

    void Recovered();
}
