namespace OrleansCrawler.Core.Politeness;

/// <summary>What to do with a fetch outcome.</summary>
/// <param name="Due">For <see cref="RetryAction.Retry"/>: the earliest time of the next attempt.</param>
/// <param name="Reason">For <see cref="RetryAction.GiveUp"/>: why, recorded as the URL's error.</param>
public readonly record struct RetryDecision(RetryAction Action, DateTimeOffset Due = default, string? Reason = null)
{
    public static RetryDecision Done { get; } = new(RetryAction.Done);
}
