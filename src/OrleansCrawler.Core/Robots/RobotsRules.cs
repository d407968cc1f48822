using OrleansCrawler.Core.Text;

namespace OrleansCrawler.Core.Robots;

/// <summary>The rules of one robots.txt for one user agent: the group whose User-agent token matches ours
/// (case-insensitive product token), else the "*" group; Allow/Disallow with the longest match winning and
/// Allow winning ties; "*" wildcards and "$" end anchors; Crawl-delay and Sitemap lines (RFC 9309).</summary>
/// <remarks>
/// Parsing follows RFC 9309 §2.1–2.2: comments are stripped, unknown lines ignored, consecutive User-agent lines
/// share a group, every group naming our product token is merged (else every "*" group), rules before any
/// User-agent line are ignored, and an empty Disallow allows everything. Patterns and paths are compared after
/// the same percent-encoding normalization (unreserved escapes decoded, hex upper-cased, non-ASCII encoded as
/// UTF-8), so "/%7Ejoe" and "/~joe" are the same path. Matching is case-sensitive. Sitemap lines are collected
/// wherever they appear.
/// <para>Robustness (RFC 9309 §2.5 and §2.2.2): only the first <see cref="MaxBytes"/> (500 KiB, UTF-8) are read,
/// ending at the last line break inside the limit so that a cut-off rule is not misread as a shorter one; lines may
/// end in LF, CRLF or CR; a BOM is ignored; a line of a known key without a colon ("Disallow /x") is read as if it
/// had one (as Google's parser does); binary junk, very long lines and unknown keys are skipped. "/robots.txt"
/// itself is always allowed (§2.2.2). Runs of '*' in a pattern are collapsed (same meaning, less backtracking).</para>
/// <para>Crawl-delay is not in RFC 9309; it is read as the non-negative number of seconds of the first valid
/// Crawl-delay line of the selected group(s), <c>null</c> when there is none.</para>
/// <para>The text is read by <see cref="RobotsTxtParser"/>; patterns are normalized and matched by
/// <see cref="RobotsPattern"/>.</para>
/// </remarks>
public sealed class RobotsRules
{
    private readonly RobotsRule[] _rules; // longest pattern first, Allow before Disallow on equal length

    internal RobotsRules(RobotsRule[] rules, IReadOnlyList<string> sitemaps, TimeSpan? crawlDelay = null)
    {
        _rules = rules;
        Sitemaps = sitemaps;
        CrawlDelay = crawlDelay;
    }

    /// <summary>How much of a robots.txt is parsed (RFC 9309 §2.5: at least 500 kibibytes); the rest is ignored.</summary>
    public const int MaxBytes = 500 * 1024;

    public static RobotsRules AllowAll { get; } = new([], []);

    public static RobotsRules DisallowAll { get; } = new([new RobotsRule("/", Allow: false)], []);

    /// <summary>The Crawl-delay of the selected group(s), uncapped; null when none is given.</summary>
    public TimeSpan? CrawlDelay { get; }

    /// <summary>Parses robots.txt bytes as UTF-8 (invalid sequences replaced), reading at most <see cref="MaxBytes"/>.</summary>
    public static RobotsRules Parse(ReadOnlySpan<byte> robotsTxt, string userAgent)
    {
        if (robotsTxt.Length > MaxBytes)
        {
            robotsTxt = robotsTxt[..MaxBytes];
        }

        return Parse(System.Text.Encoding.UTF8.GetString(robotsTxt), userAgent);
    }

    public static RobotsRules Parse(string robotsTxt, string userAgent)
    {
        ArgumentNullException.ThrowIfNull(robotsTxt);
        ArgumentNullException.ThrowIfNull(userAgent);
        return RobotsTxtParser.Parse(robotsTxt, userAgent);
    }

    /// <summary>Whether a path (with its query, e.g. "/a/b?x=1") may be fetched.</summary>
    public bool IsAllowed(string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        if (_rules.Length == 0 || pathAndQuery == "/robots.txt")
        {
            return true;
        }

        var sb = new ValueStringBuilder(stackalloc char[256]);
        try
        {
            RobotsPattern.AppendPath(pathAndQuery, ref sb);
            var normalized = sb.AsSpan();
            foreach (var rule in _rules)
            {
                if (RobotsPattern.Matches(rule.Pattern, normalized))
                {
                    return rule.Allow;
                }
            }

            return true;
        }
        finally
        {
            sb.Dispose();
        }
    }

    /// <summary>Sitemap URLs listed in the file.</summary>
    public IReadOnlyList<string> Sitemaps { get; }
}
