namespace OrleansCrawler.Core.Ports;

/// <summary>When one request went out: marked once, from any thread, by the fetcher when it first writes the
/// request's bytes to the connection, or when the fetch ends if it never got that far (a refused or failed connect).
/// A host's politeness delay counts from this moment rather than from the request's start, so the gap the server
/// sees between two requests holds even when one of them waited (a new connection, a busy thread pool) before it
/// was written.</summary>
public sealed class RequestSent(TimeProvider time)
{
    private readonly TaskCompletionSource<DateTimeOffset> _at = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the moment the request went out.</summary>
    public Task<DateTimeOffset> At => _at.Task;

    public bool IsSent => _at.Task.IsCompleted;

    /// <summary>Marks the request sent now; later marks are ignored.</summary>
    public void MarkNow()
    {
        if (!_at.Task.IsCompleted)
        {
            _at.TrySetResult(time.GetUtcNow());
        }
    }
}
