using System.Collections.Concurrent;

namespace OrleansCrawler.Bench.Threading;

/// <summary>A synchronization context that runs every posted continuation on one dedicated thread, pumping a
/// queue until the root task completes: the .NET counterpart of an asyncio event loop. Code awaiting without
/// <c>ConfigureAwait(false)</c> resumes on that thread, so only one piece of it ever runs at a time.</summary>
public sealed class SingleThreadContext : SynchronizationContext, IDisposable
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];
    private int _threadId;

    /// <summary>Runs <paramref name="root"/> and everything it awaits on a new thread; completes with it.</summary>
    public static Task RunAsync(Func<Task> root, string name = "async-single")
    {
        ArgumentNullException.ThrowIfNull(root);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run(root);
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        { IsBackground = true, Name = name };
        thread.Start();
        return done.Task;
    }

    /// <summary>Runs <paramref name="root"/> on the calling thread, pumping its continuations until it completes.</summary>
    public static void Run(Func<Task> root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var previous = Current;
        using var context = new SingleThreadContext { _threadId = Environment.CurrentManagedThreadId };
        SetSynchronizationContext(context);
        try
        {
            var task = root();
            task.ContinueWith(static (_, state) => ((SingleThreadContext)state!)._queue.CompleteAdding(), context,
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            foreach (var (callback, state) in context._queue.GetConsumingEnumerable())
            {
                callback(state);
            }

            task.GetAwaiter().GetResult();
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    /// <summary>The managed thread id of the pump, to check that work ran there.</summary>
    public int ThreadId => _threadId;

    public override void Post(SendOrPostCallback d, object? state)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (!_queue.IsAddingCompleted)
        {
            try
            {
                _queue.Add((d, state));
                return;
            }
            catch (InvalidOperationException)
            {
                // Completed between the check and the add: fall through.
            }
        }

        // The root task is done, so nothing is waiting on this loop any more; a stray continuation runs on the pool.
        ThreadPool.QueueUserWorkItem(s => d(s), state, preferLocal: false);
    }

    public override void Send(SendOrPostCallback d, object? state)
    {
        if (Environment.CurrentManagedThreadId == _threadId)
        {
            d(state);
            return;
        }

        throw new NotSupportedException("Send from another thread is not supported by the single-thread loop.");
    }

    public override SynchronizationContext CreateCopy() => this;

    public void Dispose() => _queue.Dispose();
}
