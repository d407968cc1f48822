namespace OrleansCrawler.Core.Results;

/// <summary>Whether a store's writes are going through, for status reports ("results store unavailable since ...:
/// ..."). One per store and silo; thread-safe.</summary>
public sealed class StoreHealth(string store, TimeProvider? time = null, Action<string, Exception?>? log = null) : IWriteHealth
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly object _gate = new();
    private string? _problem;
    private DateTimeOffset _since;

    public string Store { get; } = store;

    /// <summary>Null while writes go through; else what is wrong and since when.</summary>
    public string? Problem
    {
        get
        {
            lock (_gate)
            {
                return _problem is null ? null : $"{Store} unavailable since {_since:HH:mm:ss} UTC, writes retried: {_problem}";
            }
        }
    }

    public void Failed(Exception error, int attempt, bool willRetry)
    {
        lock (_gate)
        {
            if (_problem is null)
            {
                _since = _time.GetUtcNow();
            }

            _problem = error.GetBaseException().Message;
        }

        // Log the first failure of a stall and then every 10th attempt, not one line per retry.
        if (attempt == 1 || attempt % 10 == 0 || !willRetry)
        {
            log?.Invoke($"{Store}: write attempt {attempt} failed{(willRetry ? ", retrying" : ", giving up")}", error);
        }
    }

    public void Recovered()
    {
        lock (_gate)
        {
            _problem = null;
        }

        log?.Invoke($"{Store}: writes go through again", null);
    }
}
