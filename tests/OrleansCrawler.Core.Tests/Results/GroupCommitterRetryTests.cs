using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Core.Tests.Results;

public class GroupCommitterRetryTests
{
    /// <summary>A store that fails while <see cref="Down"/> and records what it was asked to write.</summary>
    private sealed class FlakyStore
    {
        public volatile bool Down;

        public ConcurrentQueue<int[]> Attempts { get; } = new();

        public ConcurrentQueue<int> Written { get; } = new();

        public Task WriteAsync(IReadOnlyList<int> batch, CancellationToken cancellationToken)
        {
            Attempts.Enqueue([.. batch]);
            if (Down)
            {
                throw new IOException("store away");
            }

            foreach (var i in batch)
            {
                Written.Enqueue(i);
            }

            return Task.CompletedTask;
        }
    }

    private sealed class RecordingHealth : IWriteHealth
    {
        public ConcurrentQueue<(int Attempt, bool WillRetry, string Message)> Failures { get; } = new();

        public int Recoveries;

        public void Failed(Exception error, int attempt, bool willRetry) => Failures.Enqueue((attempt, willRetry, error.Message));

        public void Recovered() => Interlocked.Increment(ref Recoveries);
    }

    /// <summary>Counts the timers created (each retry delay, the drain timeout), so a test advances the clock only
    /// once the committer waits on it.</summary>
    private sealed class TimerCountingTimeProvider : FakeTimeProvider
    {
        private int _timers;

        public int Timers => Volatile.Read(ref _timers);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            Interlocked.Increment(ref _timers);
            return timer;
        }

        public Task WaitForTimersAsync(int count) => WaitUntilAsync(() => Timers >= count);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(5);
        }
    }

    [Fact]
    public async Task Retry_WaitsTheDelayOnTheTimeProvider_ThenWritesTheSameBatch()
    {
        var time = new TimerCountingTimeProvider();
        var store = new FlakyStore { Down = true };
        var delays = new ConcurrentQueue<int>();
        await using var committer = new GroupCommitter<int>(store.WriteAsync, retryDelay: a =>
        {
            delays.Enqueue(a);
            return TimeSpan.FromSeconds(a);
        }, time: time);

        var submit = committer.SubmitAsync(7);
        await time.WaitForTimersAsync(1);
        await Task.Delay(100);
        Assert.Single(store.Attempts);

        // Attempt 2 comes after the 1 s of attempt 1, attempt 3 after 2 s more.
        time.Advance(TimeSpan.FromMilliseconds(999));
        await Task.Delay(100);
        Assert.Single(store.Attempts);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await time.WaitForTimersAsync(2);
        Assert.Equal(2, store.Attempts.Count);
        store.Down = false;
        time.Advance(TimeSpan.FromSeconds(2));
        await submit.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([[7], [7], [7]], store.Attempts);
        Assert.Equal([1, 2], delays);
        Assert.Equal([7], store.Written);
    }

    [Fact]
    public async Task Retry_WhileStoreIsAway_LaterBatchesWaitAndEveryItemIsWrittenOnceInOrder()
    {
        var time = new TimerCountingTimeProvider();
        var store = new FlakyStore { Down = true };
        var health = new RecordingHealth();
        await using var committer = new GroupCommitter<int>(store.WriteAsync, maxBatch: 10,
            retryDelay: _ => TimeSpan.FromSeconds(1), health: health, time: time);

        var first = committer.SubmitAsync(0);
        await time.WaitForTimersAsync(1);
        var rest = Enumerable.Range(1, 99).Select(i => committer.SubmitAsync(i)).ToArray();
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await time.WaitForTimersAsync(2 + i);
        }

        Assert.False(first.IsCompleted);
        Assert.DoesNotContain(rest, t => t.IsCompleted);
        Assert.All(store.Attempts, a => Assert.Equal([0], a));

        store.Down = false;
        time.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll([first, .. rest]).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Enumerable.Range(0, 100), store.Written);
        Assert.Equal([(1, true), (2, true), (3, true), (4, true)], health.Failures.Select(f => (f.Attempt, f.WillRetry)));
        Assert.Equal(1, health.Recoveries);
    }

    [Fact]
    public async Task Retry_DelayFunctionGivesUp_FailsThatBatchOnlyAndGoesOn()
    {
        var health = new RecordingHealth();
        var written = new ConcurrentQueue<int>();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource();
        var attempts = 0;
        // Item 1 can never be written; the others can.
        await using var committer = new GroupCommitter<int>(async (batch, _) =>
        {
            attempts++;
            entered.TrySetResult();
            await release.Task;
            if (batch.Contains(1))
            {
                throw new IOException("poison");
            }

            foreach (var i in batch)
            {
                written.Enqueue(i);
            }
        }, retryDelay: a => a < 3 ? TimeSpan.Zero : null, health: health);

        var doomed = committer.SubmitAsync(1);
        await entered.Task;
        var behind = committer.SubmitAsync(2);
        release.SetResult();

        var ex = await Assert.ThrowsAsync<IOException>(() => doomed);
        Assert.Equal("poison", ex.Message);
        await behind.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([(1, true), (2, true), (3, false)], health.Failures.Select(f => (f.Attempt, f.WillRetry)));
        Assert.Equal(4, attempts);
        Assert.Equal([2], written);
        Assert.Equal(0, health.Recoveries);
    }

    [Fact]
    public async Task NoRetryDelay_FailsTheBatchAtOnce_HealthHearsItWillNotRetry()
    {
        var store = new FlakyStore { Down = true };
        var health = new RecordingHealth();
        await using var committer = new GroupCommitter<int>(store.WriteAsync, health: health);

        await Assert.ThrowsAsync<IOException>(() => committer.SubmitAsync(1));

        Assert.Equal([(1, false, "store away")], health.Failures);
        Assert.Single(store.Attempts);
        store.Down = false;
        await committer.SubmitAsync(2);
        Assert.Equal(0, health.Recoveries);
    }

    [Fact]
    public async Task DisposeAsync_StoreComesBackWithinDrainTimeout_WritesEverythingQueued()
    {
        var time = new TimerCountingTimeProvider();
        var store = new FlakyStore { Down = true };
        var committer = new GroupCommitter<int>(store.WriteAsync, maxBatch: 4, retryDelay: _ => TimeSpan.FromSeconds(1), time: time)
        {
            DrainTimeout = TimeSpan.FromSeconds(10),
        };
        var submits = Enumerable.Range(0, 10).Select(i => committer.SubmitAsync(i)).ToArray();
        await time.WaitForTimersAsync(1);

        // Timer 2 is the drain timeout, timer 3 the delay after the second failure.
        var dispose = committer.DisposeAsync().AsTask();
        time.Advance(TimeSpan.FromSeconds(1));
        await time.WaitForTimersAsync(3);
        Assert.False(dispose.IsCompleted);
        store.Down = false;
        time.Advance(TimeSpan.FromSeconds(1));

        await dispose.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.WhenAll(submits);
        Assert.Equal(Enumerable.Range(0, 10), store.Written);
    }

    [Fact]
    public async Task DisposeAsync_StoreStaysAway_FailsQueuedWritesAfterDrainTimeout()
    {
        var time = new TimerCountingTimeProvider();
        var store = new FlakyStore { Down = true };
        var health = new RecordingHealth();
        var committer = new GroupCommitter<int>(store.WriteAsync, maxBatch: 4, retryDelay: _ => TimeSpan.FromSeconds(1), health: health, time: time)
        {
            DrainTimeout = TimeSpan.FromSeconds(10),
        };
        var submits = Enumerable.Range(0, 10).Select(i => committer.SubmitAsync(i)).ToArray();
        await time.WaitForTimersAsync(1);

        // Timer 2 is the drain timeout; then one retry delay a second.
        var dispose = committer.DisposeAsync().AsTask();
        for (var s = 0; s < 9; s++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await time.WaitForTimersAsync(3 + s);
        }

        Assert.False(dispose.IsCompleted);
        Assert.DoesNotContain(submits, t => t.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        await dispose.WaitAsync(TimeSpan.FromSeconds(30));
        foreach (var submit in submits)
        {
            await Assert.ThrowsAsync<IOException>(() => submit);
        }

        Assert.Empty(store.Written);
        Assert.Contains(health.Failures, f => !f.WillRetry);
    }
}
