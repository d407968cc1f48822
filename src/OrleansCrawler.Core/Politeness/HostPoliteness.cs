namespace OrleansCrawler.Core.Politeness;

/// <summary>The politeness clock and health of one authority: answers "when may the next request start".
/// <para>Two constraints: the gap since the last request's start (the host's delay, the larger of the
/// configured delay and robots.txt's Crawl-delay, capped) and a "not before" time set by Retry-After, backoff
/// and parking. Not thread-safe: its partition grain owns it. The caller checks <see cref="WaitTime"/> and, when
/// it is zero, calls <see cref="OnStart"/> with no await in between, so two workers cannot both pass.</para>
/// </summary>
public sealed class HostPoliteness
{
    private readonly TimeSpan _configuredDelay;
    private readonly TimeSpan _maxCrawlDelay;
    private DateTimeOffset _nextByDelay = DateTimeOffset.MinValue;
    private DateTimeOffset _notBefore = DateTimeOffset.MinValue;

    public HostPoliteness(TimeSpan configuredDelay, TimeSpan maxCrawlDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(configuredDelay, TimeSpan.Zero);
        _configuredDelay = configuredDelay;
        _maxCrawlDelay = maxCrawlDelay;
        Delay = configuredDelay;
    }

    /// <summary>Least gap between request starts now in force.</summary>
    public TimeSpan Delay { get; private set; }

    public HostStatus Status { get; private set; }

    /// <summary>Failures (retryable ones) since the last success or parking.</summary>
    public int ConsecutiveFailures { get; internal set; }

    /// <summary>Retries granted to this host's URLs so far (the per-host retry budget is spent from this).</summary>
    public int RetriesUsed { get; internal set; }

    /// <summary>How often the host was parked.</summary>
    public int Parks { get; private set; }

    public string? GivenUpReason { get; private set; }

    public bool IsGivenUp => Status == HostStatus.GivenUp;

    /// <summary>When the next request may start, ignoring concurrency.</summary>
    public DateTimeOffset NextStart => _nextByDelay > _notBefore ? _nextByDelay : _notBefore;

    /// <summary>robots.txt's Crawl-delay (null: none). The delay in force is the larger of it, capped at the
    /// maximum, and the configured delay.</summary>
    public void SetCrawlDelay(TimeSpan? crawlDelay)
    {
        var crawl = crawlDelay is { } d && d > TimeSpan.Zero ? (d > _maxCrawlDelay ? _maxCrawlDelay : d) : TimeSpan.Zero;
        Delay = crawl > _configuredDelay ? crawl : _configuredDelay;
    }

    /// <summary>How long a request must still wait; zero when it may start now (or the host was given up).</summary>
    public TimeSpan WaitTime(DateTimeOffset now)
    {
        if (IsGivenUp)
        {
            return TimeSpan.Zero;
        }

        var wait = NextStart - now;
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    /// <summary>A request starts now.</summary>
    public void OnStart(DateTimeOffset now) => _nextByDelay = now + Delay;

    /// <summary>A response that shows the host is healthy (any status but 429/5xx).</summary>
    public void OnSuccess()
    {
        ConsecutiveFailures = 0;
        if (Status == HostStatus.Parked)
        {
            Status = HostStatus.Active;
        }
    }

    /// <summary>No request before <paramref name="until"/> (Retry-After, backoff). Never moves the time earlier.</summary>
    public void Defer(DateTimeOffset until)
    {
        if (until > _notBefore)
        {
            _notBefore = until;
        }
    }

    /// <summary>No requests until <paramref name="until"/>; the failure streak starts again.</summary>
    public void Park(DateTimeOffset until)
    {
        Parks++;
        ConsecutiveFailures = 0;
        Status = HostStatus.Parked;
        Defer(until);
    }

    /// <summary>No more requests to this host at all.</summary>
    public void GiveUp(string reason)
    {
        if (!IsGivenUp)
        {
            Status = HostStatus.GivenUp;
            GivenUpReason = reason;
        }
    }
}
