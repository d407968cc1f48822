namespace OrleansCrawler.Core.Politeness;

/// <summary>When a failed fetch is tried again, and when a host is parked or given up.</summary>
/// <param name="MaxRetries">Retries per URL (so at most MaxRetries + 1 requests).</param>
/// <param name="HostRetryBudget">Retries per host over the whole job.</param>
/// <param name="BaseDelay">Backoff after the first failure; doubles with each failure in a row, jittered to
/// [50%, 100%] of that.</param>
/// <param name="MaxDelay">Cap of the backoff.</param>
/// <param name="MaxRetryAfter">A Retry-After longer than this gives the host up instead of waiting.</param>
/// <param name="ParkAfter">Failures in a row after which the host is parked.</param>
/// <param name="ParkDuration">How long a parked host gets no requests.</param>
/// <param name="MaxParks">Parkings before the host is given up (the next streak after the last parking gives up).</param>
public sealed record RetryOptions(
    int MaxRetries,
    int HostRetryBudget,
    TimeSpan BaseDelay,
    TimeSpan MaxDelay,
    TimeSpan MaxRetryAfter,
    int ParkAfter,
    TimeSpan ParkDuration,
    int MaxParks)
{
    public static RetryOptions Default { get; } = new(
        MaxRetries: 3,
        HostRetryBudget: 100,
        BaseDelay: TimeSpan.FromSeconds(1),
        MaxDelay: TimeSpan.FromMinutes(1),
        MaxRetryAfter: TimeSpan.FromMinutes(5),
        ParkAfter: 10,
        ParkDuration: TimeSpan.FromMinutes(1),
        MaxParks: 1);
}
