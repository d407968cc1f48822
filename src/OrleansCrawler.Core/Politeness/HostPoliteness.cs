using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Core.Politeness;

/// <summary>The politeness clock and health of one authority: answers "when may the next request start".
/// <para>Two constraints: the gap since the last request (the host's delay, the larger of the configured delay, or the
/// adaptive one (<see cref="AdaptiveDelay"/>, following <see cref="OnResponse"/>), and robots.txt's Crawl-delay, capped) and a "not before" time set by Retry-After, backoff and parking. The gap counts
/// from the later of the last request's start and the moment it went out (<see cref="RequestSent"/>): while it has
/// not gone out, no other request may start (<see cref="Unsent"/>). Scrapy and StormCrawler count from the start,
/// Heritrix and Nutch from the end of the last fetch; counting from the send keeps the gap the server sees without
/// holding the next request for the whole response.</para>
/// <para>Not thread-safe: its partition grain owns it. The caller checks <see cref="Unsent"/> and
/// <see cref="WaitTime"/> and, when both let it, calls <see cref="OnStart(DateTimeOffset, RequestSent?)"/> with no
/// await in between, so two workers cannot both pass.</para>
/// </summary>
public sealed class HostPoliteness
{
    private readonly TimeSpan _configuredDelay;
    private readonly TimeSpan _maxCrawlDelay;
    private readonly AdaptiveDelay? _adaptive;
    private TimeSpan _baseDelay;
    private TimeSpan _crawlDelay;
    private DateTimeOffset _nextByDelay = DateTimeOffset.MinValue;
    private DateTimeOffset _notBefore = DateTimeOffset.MinValue;
    private RequestSent? _lastSent;

    /// <param name="adaptive">With it, the delay follows the host's response times (never below
    /// <paramref name="configuredDelay"/>); without it, the configured delay holds.</param>
    public HostPoliteness(TimeSpan configuredDelay, TimeSpan maxCrawlDelay, AdaptiveDelay? adaptive = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(configuredDelay, TimeSpan.Zero);
        _configuredDelay = configuredDelay;
        _maxCrawlDelay = maxCrawlDelay;
        _adaptive = adaptive;
        _baseDelay = adaptive is null || adaptive.Floor < configuredDelay ? configuredDelay : adaptive.Floor;
        Delay = _baseDelay;
    }

    /// <summary>The delay follows the host's response times (<see cref="AdaptiveDelay"/>).</summary>
    public bool IsAdaptive => _adaptive is not null;

    /// <summary>Least gap between requests now in force.</summary>
    public TimeSpan Delay { get; private set; }

    public HostStatus Status { get; private set; }

    /// <summary>No request before this (Retry-After, backoff, parking); <see cref="DateTimeOffset.MinValue"/>: none.</summary>
    public DateTimeOffset NotBefore => _notBefore;

    /// <summary>Failures (retryable ones) since the last success or parking.</summary>
    public int ConsecutiveFailures { get; internal set; }

    /// <summary>Retries granted to this host's URLs so far (the per-host retry budget is spent from this).</summary>
    public int RetriesUsed { get; internal set; }

    /// <summary>How often the host was parked.</summary>
    public int Parks { get; private set; }

    public string? GivenUpReason { get; private set; }

    public bool IsGivenUp => Status == HostStatus.GivenUp;

    /// <summary>When the next request may start, ignoring concurrency and a request not sent yet.</summary>
    public DateTimeOffset NextStart
    {
        get
        {
            var next = _nextByDelay > _notBefore ? _nextByDelay : _notBefore;
            var bySend = _lastSent is { IsSent: true } sent ? sent.At.Result + Delay : DateTimeOffset.MinValue;
            return bySend > next ? bySend : next;
        }
    }

    /// <summary>While the last request started has not gone out: completes when it has. No request may start
    /// meanwhile, or the two could reach the server closer together than the delay.</summary>
    public Task<DateTimeOffset>? Unsent => _lastSent is { IsSent: false } sent ? sent.At : null;

    /// <summary>robots.txt's Crawl-delay (null: none). The delay in force is the larger of it, capped at the
    /// maximum, and the configured delay.</summary>
    public void SetCrawlDelay(TimeSpan? crawlDelay)
    {
        _crawlDelay = crawlDelay is { } d && d > TimeSpan.Zero ? (d > _maxCrawlDelay ? _maxCrawlDelay : d) : TimeSpan.Zero;
        Delay = _crawlDelay > _baseDelay ? _crawlDelay : _baseDelay;
    }

    /// <summary>A fetch of this host ended after <paramref name="responseTime"/> (whatever its outcome: a timeout is
    /// a slow response). With an adaptive delay, the delay becomes the adaptive one for that time (never below the
    /// configured delay, nor below Crawl-delay); otherwise nothing changes.</summary>
    public void OnResponse(TimeSpan responseTime)
    {
        if (_adaptive is null)
        {
            return;
        }

        var adaptive = _adaptive.After(responseTime);
        _baseDelay = adaptive > _configuredDelay ? adaptive : _configuredDelay;
        Delay = _crawlDelay > _baseDelay ? _crawlDelay : _baseDelay;
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
    public void OnStart(DateTimeOffset now) => OnStart(now, null);

    /// <summary>A request starts now; with a delay in force, the next one waits until <paramref name="sent"/> is
    /// marked and the delay has passed since.</summary>
    public void OnStart(DateTimeOffset now, RequestSent? sent)
    {
        _nextByDelay = now + Delay;
        _lastSent = Delay > TimeSpan.Zero ? sent : null;
    }

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
