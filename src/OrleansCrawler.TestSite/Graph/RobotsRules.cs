namespace OrleansCrawler.TestSite.Graph;

/// <summary>
/// The web's robots.txt and its own matcher for the group that applies to every crawler
/// (<c>User-agent: *</c>). Kept deliberately small: plain path prefixes, no wildcards, so that
/// RFC 9309 longest-match (an <c>Allow</c> wins a tie) is obviously right here. It is independent of
/// the crawler's robots parser, so the truth cannot share that parser's bugs.
/// </summary>
internal static class RobotsRules
{
    public const string DisallowedPrefix = "/private/";
    public const string AllowedAgainPrefix = "/private/open/";

    private static readonly (string Prefix, bool Allow)[] StarGroup =
    [
        (DisallowedPrefix, false),
        (AllowedAgainPrefix, true),
    ];

    /// <summary>Whether the <c>*</c> group allows a canonical (decoded, dot-free) path.</summary>
    public static bool IsAllowed(ReadOnlySpan<char> path)
    {
        int bestLength = -1;
        bool allowed = true;
        foreach (var (prefix, allow) in StarGroup)
        {
            if (!path.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (prefix.Length > bestLength || (prefix.Length == bestLength && allow))
            {
                bestLength = prefix.Length;
                allowed = allow;
            }
        }

        return allowed;
    }

    /// <summary>The robots.txt body for one host. A named group that shuts out another bot checks that
    /// crawlers pick the <c>*</c> group rather than merging all groups.</summary>
    public static string Render(string authority) =>
        $"""
        # robots.txt of a synthetic test host
        User-agent: ExampleBot
        Disallow: /

        User-agent: *
        Disallow: {DisallowedPrefix}
        Allow: {AllowedAgainPrefix}

        Sitemap: http://{authority}/sitemap.xml

        """;
}
