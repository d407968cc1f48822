using Microsoft.Extensions.Logging;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Politeness;

namespace OrleansCrawler.Pipeline.Stages;

/// <summary>After the fetch: retry, give up or go on (<see cref="RetryPolicy"/>: 429, 5xx and transient network
/// failures retried with backoff and Retry-After, per-URL and per-host budgets, parking a host that keeps failing). The
/// decision updates the host's clock and health; a host given up by it is logged.</summary>
public sealed partial class RetryStage(RetryPolicy retry, TimeProvider time, ILogger logger)
{
    public RetryDecision Decide(UrlContext url, FetchResult result)
    {
        var host = url.Host;
        var wasGivenUp = host.IsGivenUp;
        var decision = retry.Decide(result.Status, result.Error, result.RetryAfter, url.Entry.Attempt, host, time.GetUtcNow());
        if (host.IsGivenUp && !wasGivenUp)
        {
            LogHostGivenUp(logger, url.Entry.Authority, host.GivenUpReason!);
        }

        return decision;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Authority} given up: {Reason}")]
    private static partial void LogHostGivenUp(ILogger logger, string authority, string reason);
}
