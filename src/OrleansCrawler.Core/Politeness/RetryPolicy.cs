using System.Globalization;

namespace OrleansCrawler.Core.Politeness;

/// <summary>Decides, from a fetch outcome, whether to retry, when, or to give up, and updates the host's
/// clock and health on the way (Retry-After, backoff, parking). Not thread-safe (one per partition).
/// <para>Retryable: 429, 500, 502, 503, 504, and no response for a transient reason (timeout, connect, io,
/// truncated, protocol, http). Anything else (2xx-4xx, too-large, slow-body, binary, refused address, redirect
/// loop...) is final. The wait before the next request to the host is the larger of Retry-After (429/503 only)
/// and an exponential backoff with jitter; it applies to the whole host, not just the URL.</para></summary>
public sealed class RetryPolicy
{
    private static readonly string[] TransientErrors = ["timeout", "connect", "io", "truncated", "protocol", "http"];

    private readonly RetryOptions _options;
    private readonly Random _random;

    /// <param name="seed">Seeds the jitter, so a run can be reproduced.</param>
    public RetryPolicy(RetryOptions options, int seed)
    {
        _options = options;
        _random = new Random(seed);
    }

    public RetryOptions Options => _options;

    /// <param name="status">HTTP status, 0 when no response arrived.</param>
    /// <param name="error">The fetch error ("timeout: ...") or null.</param>
    /// <param name="retryAfter">The raw Retry-After header, if any.</param>
    /// <param name="attempt">Retries this URL already had (0 on its first fetch).</param>
    public RetryDecision Decide(int status, string? error, string? retryAfter, int attempt, HostPoliteness host, DateTimeOffset now)
    {
        if (!IsTransient(status, error))
        {
            if (status != 0)
            {
                host.OnSuccess();
            }

            return RetryDecision.Done;
        }

        var what = status != 0 ? status.ToString(CultureInfo.InvariantCulture) : Kind(error);
        host.ConsecutiveFailures++;
        var wait = Backoff(host.ConsecutiveFailures);
        if (status is 429 or 503 && RetryAfter.TryParse(retryAfter, now, out var asked))
        {
            if (asked > _options.MaxRetryAfter)
            {
                var reason = $"host-given-up: Retry-After {asked.TotalSeconds:0} s exceeds the maximum of {_options.MaxRetryAfter.TotalSeconds:0} s";
                host.GiveUp(reason);
                return new RetryDecision(RetryAction.GiveUp, Reason: reason);
            }

            wait = asked > wait ? asked : wait;
        }

        host.Defer(now + wait);
        if (host.ConsecutiveFailures >= _options.ParkAfter)
        {
            if (host.Parks >= _options.MaxParks)
            {
                var reason = $"host-given-up: {_options.ParkAfter} failures in a row (last: {what}) after {host.Parks} parking(s)";
                host.GiveUp(reason);
                return new RetryDecision(RetryAction.GiveUp, Reason: reason);
            }

            host.Park(now + (_options.ParkDuration > wait ? _options.ParkDuration : wait));
        }

        if (attempt >= _options.MaxRetries)
        {
            return new RetryDecision(RetryAction.GiveUp, Reason: $"retries-exhausted: {what} after {attempt + 1} attempt{(attempt == 0 ? "" : "s")}");
        }

        if (host.RetriesUsed >= _options.HostRetryBudget)
        {
            return new RetryDecision(RetryAction.GiveUp, Reason: $"host-retry-budget: {what}; the host's {_options.HostRetryBudget} retries are spent");
        }

        host.RetriesUsed++;
        return new RetryDecision(RetryAction.Retry, host.NextStart > now ? host.NextStart : now);
    }

    public static bool IsTransient(int status, string? error) => status switch
    {
        429 or 500 or 502 or 503 or 504 => true,
        0 => error is not null && TransientErrors.Contains(Kind(error), StringComparer.Ordinal),
        _ => false,
    };

    /// <summary>BaseDelay * 2^(failures-1), capped, times a jitter factor in [0.5, 1).</summary>
    internal TimeSpan Backoff(int failures)
    {
        var exponent = Math.Min(failures - 1, 30);
        var full = Math.Min(_options.BaseDelay.TotalMilliseconds * Math.Pow(2, exponent), _options.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(full * (0.5 + (_random.NextDouble() / 2)));
    }

    private static string Kind(string? error)
    {
        if (error is null)
        {
            return "error";
        }

        var colon = error.IndexOf(':');
        return colon > 0 ? error[..colon] : error;
    }
}
