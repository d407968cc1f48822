namespace OrleansCrawler.Core.Politeness;

public enum RetryAction
{
    /// <summary>Keep the result as it is (a success, or a failure not worth retrying).</summary>
    Done,
    /// <summary>Put the URL back into its host's queue, due at <see cref="RetryDecision.Due"/>.</summary>
    Retry,
    /// <summary>Stop trying: record the result with <see cref="RetryDecision.Reason"/>.</summary>
    GiveUp,
}
