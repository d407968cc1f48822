using System.Collections.Concurrent;

namespace OrleansCrawler.Grains.Jobs;

/// <summary>Tells whoever waits in this process that a job's grain here has finished the job (completed or cancelled,
/// the final state saved): the embedded crawler of <c>ocrawl run</c> then exits at once rather than at its next status
/// poll. Only a shortcut: a waiter still polls the job's status, which stays the truth (and the only way across silos).</summary>
public sealed class JobFinishedSignal
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);

    /// <summary>Completes when <see cref="Finished"/> is called for the job after this call. Read the job's status after
    /// this call, not before, so a finish in between is seen one way or the other.</summary>
    public Task WhenFinished(string jobId) =>
        _waiters.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Finished(string jobId)
    {
        if (_waiters.TryRemove(jobId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }
}
