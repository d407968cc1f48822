using System.Collections.Concurrent;
using OrleansCrawler.Bench.Threading;

namespace OrleansCrawler.Bench.Tests;

public class SingleThreadContextTests
{
    [Fact]
    public async Task RunAsync_ManyAwaitingTasks_ResumeOnlyOnTheLoopThread()
    {
        var threads = new ConcurrentBag<int>();
        var running = 0;
        var overlapped = false;

        await SingleThreadContext.RunAsync(async () =>
        {
            var tasks = Enumerable.Range(0, 50).Select(async i =>
            {
                await Task.Delay(i % 5);
                // Between two awaits nothing else may run: the loop is one thread.
                if (Interlocked.Increment(ref running) != 1)
                {
                    overlapped = true;
                }

                threads.Add(Environment.CurrentManagedThreadId);
                Thread.SpinWait(1000);
                Interlocked.Decrement(ref running);
                await Task.Yield();
                threads.Add(Environment.CurrentManagedThreadId);
            });
            await Task.WhenAll(tasks);
        });

        Assert.Single(threads.Distinct());
        Assert.NotEqual(Environment.CurrentManagedThreadId, threads.First());
        Assert.False(overlapped);
    }

    [Fact]
    public async Task RunAsync_RootThrows_TaskFaultsWithTheException()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => SingleThreadContext.RunAsync(async () =>
        {
            await Task.Yield();
            throw new InvalidOperationException("boom");
        }));

        Assert.Equal("boom", ex.Message);
    }
}
