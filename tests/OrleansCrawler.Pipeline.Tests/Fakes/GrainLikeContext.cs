using System.Collections.Concurrent;

namespace OrleansCrawler.Pipeline.Tests.Fakes;

/// <summary>Runs async code one piece at a time on one thread, as a grain's scheduler does: awaits come back to it, so
/// a partition's crawl can be driven without a silo and without locks, and code that leaves it
/// (<c>ConfigureAwait(false)</c>) runs on the thread pool as it does in a silo.</summary>
internal sealed class GrainLikeContext : SynchronizationContext
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];

    public override void Post(SendOrPostCallback d, object? state) => _queue.Add((d, state));

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException();

    /// <summary>Runs <paramref name="work"/> on this thread with the context current, pumping until it completes (at most
    /// <paramref name="timeout"/>).</summary>
    public static void Run(Func<GrainLikeContext, Task> work, TimeSpan? timeout = null)
    {
        var context = new GrainLikeContext();
        var previous = Current;
        SetSynchronizationContext(context);
        try
        {
            var task = work(context);
            _ = task.ContinueWith(_ => context._queue.CompleteAdding(), TaskScheduler.Default);
            using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
            try
            {
                foreach (var (callback, state) in context._queue.GetConsumingEnumerable(deadline.Token))
                {
                    callback(state);
                }
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"did not complete within {(timeout ?? TimeSpan.FromSeconds(30)).TotalSeconds} s");
            }

            task.GetAwaiter().GetResult();
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    /// <summary>Runs <paramref name="action"/> on the context; completes when it has run.</summary>
    public Task InvokeAsync(Action action)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(_ =>
        {
            action();
            done.SetResult();
        }, null);
        return done.Task;
    }
}
