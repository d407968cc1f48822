namespace OrleansCrawler.Pipeline.Tests.Fakes;

/// <summary>Waits (in real time, bounded) for work that a fake clock's advance released to run.</summary>
internal static class Eventually
{
    public static async Task<T> Completes<T>(Task<T> task)
    {
        await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.True(task.IsCompleted, "did not complete within 10 s");
        return await task;
    }

    public static async Task Completes(Task task)
    {
        await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.True(task.IsCompleted, "did not complete within 10 s");
        await task;
    }

    /// <summary>Gives continuations released by a fake clock a moment, then checks the task is still pending.</summary>
    public static async Task StillPending(Task task)
    {
        await Task.Delay(50);
        Assert.False(task.IsCompleted, "completed too early");
    }
}
