namespace OrleansCrawler.Core.Politeness;

/// <summary>One host's turns for every job that crawls it: the per-host limit and the clock that hold across jobs (the
/// per-job <see cref="HostPoliteness"/> keeps each job's own delay, backoff and parking, and asks here last).
/// <para>Rules. A turn is granted when (1) fewer requests to the host are in flight, of all jobs, than the asking job's
/// per-host limit; (2) the last granted request has gone out (<see cref="MarkSent"/>) or was given back, when a delay
/// is in force; (3) the delay in force has passed since the last request went out (or was granted, if it was never
/// reported): the largest delay of the jobs that asked within <see cref="Remember"/> (each job's delay already holds its
/// Crawl-delay and adaptive delay); (4) no Retry-After or backoff of any job's response is still running
/// (<see cref="Release"/> with a "not before"). A turn not given back within its hold is dropped, so a holder on a
/// killed silo never blocks the host for longer than the job's fetch timeout and a margin.</para>
/// <para>Thread-safe (a lock around each decision); its grain runs it on one scheduler anyway.</para></summary>
public sealed class HostGate(TimeProvider time)
{
    /// <summary>How long a job's delay counts after its last ask.</summary>
    public static readonly TimeSpan Remember = TimeSpan.FromSeconds(60);

    private readonly Lock _lock = new();
    private readonly Dictionary<long, DateTimeOffset> _leases = [];
    private readonly Dictionary<string, (TimeSpan Delay, DateTimeOffset Asked)> _jobs = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastLease;
    private long _unsent;
    private DateTimeOffset _lastStart = DateTimeOffset.MinValue;
    private DateTimeOffset _notBefore = DateTimeOffset.MinValue;

    /// <summary>Requests to the host in flight now (turns granted and not given back nor expired).</summary>
    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                Expire(time.GetUtcNow());
                return _leases.Count;
            }
        }
    }

    /// <summary>The delay in force now: the largest of the delays of the jobs that asked lately.</summary>
    public TimeSpan Delay
    {
        get
        {
            lock (_lock)
            {
                return DelayInForce(time.GetUtcNow());
            }
        }
    }

    /// <summary>A turn now, or null with how long to wait at most before asking again (null: until something changes,
    /// a turn given back or reported sent).</summary>
    public HostTurn? TryAcquire(HostTurnRequest request, out TimeSpan? retryIn)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(request.PerHost, 1);
        lock (_lock)
        {
            var now = time.GetUtcNow();
            Expire(now);
            _jobs[request.Job] = (request.Delay, now);
            var delay = DelayInForce(now);
            var leaseWait = _leases.Count == 0 ? (TimeSpan?)null : _leases.Values.Min() - now;
            if (_leases.Count >= request.PerHost || _unsent != 0)
            {
                retryIn = leaseWait;
                return null;
            }

            var next = _lastStart == DateTimeOffset.MinValue ? _notBefore : Later(_lastStart + delay, _notBefore);
            if (next > now)
            {
                retryIn = next - now;
                return null;
            }

            var lease = ++_lastLease;
            _leases[lease] = now + request.Hold;
            _lastStart = now;
            _unsent = delay > TimeSpan.Zero ? lease : 0;
            retryIn = null;
            return new HostTurn(lease, delay > TimeSpan.Zero);
        }
    }

    /// <summary>Waits for a turn at most <paramref name="maxWait"/>; null when none came (ask again: the caller checks
    /// whether its job still runs in between).</summary>
    public async Task<HostTurn?> AcquireAsync(HostTurnRequest request, TimeSpan maxWait)
    {
        var deadline = time.GetUtcNow() + maxWait;
        while (true)
        {
            Task changed;
            TimeSpan? retryIn;
            lock (_lock)
            {
                if (TryAcquire(request, out retryIn) is { } turn)
                {
                    return turn;
                }

                changed = _changed.Task;
            }

            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            var wait = retryIn is { } r && r < left ? r : left;
            using var timer = new CancellationTokenSource();
            var delay = Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, timer.Token);
            await Task.WhenAny(changed, delay).ConfigureAwait(false);
            await timer.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The request of <paramref name="lease"/> went out at <paramref name="at"/>: the gap counts from then.
    /// A turn already given back or expired is ignored.</summary>
    public void MarkSent(long lease, DateTimeOffset at)
    {
        lock (_lock)
        {
            if (!_leases.ContainsKey(lease))
            {
                return;
            }

            _lastStart = Later(_lastStart, at);
            if (_unsent == lease)
            {
                _unsent = 0;
            }

            Signal();
        }
    }

    /// <summary>The turn's request is over. <paramref name="notBefore"/>: the host asked for no request before then
    /// (Retry-After, or the job's backoff after a failure); it holds for every job.</summary>
    public void Release(long lease, DateTimeOffset? notBefore = null)
    {
        lock (_lock)
        {
            if (notBefore is { } until)
            {
                _notBefore = Later(_notBefore, until);
            }

            if (_leases.Remove(lease) && _unsent == lease)
            {
                // Given back without a report (the report is still on its way, or there was none): the request went
                // out by now at the latest.
                _unsent = 0;
                _lastStart = Later(_lastStart, time.GetUtcNow());
            }

            Signal();
        }
    }

    private void Expire(DateTimeOffset now)
    {
        List<long>? expired = null;
        foreach (var (lease, until) in _leases)
        {
            if (until <= now)
            {
                (expired ??= []).Add(lease);
            }
        }

        foreach (var lease in expired ?? [])
        {
            _leases.Remove(lease);
            if (_unsent == lease)
            {
                _unsent = 0;
            }
        }
    }

    private TimeSpan DelayInForce(DateTimeOffset now)
    {
        var delay = TimeSpan.Zero;
        List<string>? forgotten = null;
        foreach (var (job, (jobDelay, asked)) in _jobs)
        {
            if (asked + Remember + jobDelay < now)
            {
                (forgotten ??= []).Add(job);
            }
            else if (jobDelay > delay)
            {
                delay = jobDelay;
            }
        }

        foreach (var job in forgotten ?? [])
        {
            _jobs.Remove(job);
        }

        return delay;
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
