using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Core.Robots;

/// <summary>Maps the fetch of a robots.txt to its rules (RFC 9309 §2.3.1). Redirects are followed by the fetcher
/// (up to its limit, 5 by default).</summary>
public static class RobotsPolicy
{
    /// <summary>The robots.txt URL of a URL's authority (scheme, host and port).</summary>
    public static Uri RobotsUrlOf(Uri url) => new(url.GetLeftPart(UriPartial.Authority) + "/robots.txt");

    /// <summary>2xx → parsed (a 2xx without a text body, e.g. served as a binary type, parses as empty: allow
    /// all); 3xx that the fetcher did not follow, 4xx, or more redirects than the fetcher follows → unavailable,
    /// allow all; 5xx or no response (DNS, connect, timeout) → unreachable, disallow all.</summary>
    public static (RobotsRules Rules, RobotsOutcome Outcome) Interpret(FetchResult result, string userAgent)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Status switch
        {
            >= 200 and < 300 => (RobotsRules.Parse(result.Body ?? "", userAgent), RobotsOutcome.Parsed),
            >= 300 and < 500 => (RobotsRules.AllowAll, RobotsOutcome.Unavailable),
            0 when result.Error is not null && result.Error.StartsWith("redirects", StringComparison.Ordinal)
                => (RobotsRules.AllowAll, RobotsOutcome.Unavailable),
            _ => (RobotsRules.DisallowAll, RobotsOutcome.Unreachable),
        };
    }
}
