namespace OrleansCrawler.Core.Robots;

/// <summary>What a robots.txt fetch came to (RFC 9309 §2.3.1).</summary>
public enum RobotsOutcome
{
    /// <summary>2xx: the file was parsed.</summary>
    Parsed,

    /// <summary>4xx, an unfollowed redirect or too many redirects: the file is "unavailable", everything is allowed.</summary>
    Unavailable,

    /// <summary>5xx or no response: the file is "unreachable", everything is disallowed until it is fetched again.</summary>
    Unreachable,
}
