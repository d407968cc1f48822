using System.Buffers;
using OrleansCrawler.Core.Text;
using OrleansCrawler.Core.Urls;

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
/// </remarks>
public sealed class RobotsRules
{
    // '*' and '$' are operators in patterns and must survive normalization; the rest is the URL path/query set.
    private static readonly SearchValues<char> PatternSafe = SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?");

    private readonly Rule[] _rules; // longest pattern first, Allow before Disallow on equal length

    private RobotsRules(Rule[] rules, IReadOnlyList<string> sitemaps, TimeSpan? crawlDelay = null)
    {
        _rules = rules;
        Sitemaps = sitemaps;
        CrawlDelay = crawlDelay;
    }

    /// <summary>How much of a robots.txt is parsed (RFC 9309 §2.5: at least 500 kibibytes); the rest is ignored.</summary>
    public const int MaxBytes = 500 * 1024;

    public static RobotsRules AllowAll { get; } = new([], []);

    public static RobotsRules DisallowAll { get; } = new([new Rule("/", Allow: false)], []);

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
        var ourToken = ProductToken(userAgent);
        var text = Truncate(robotsTxt);

        var sitemaps = new List<string>();
        var ours = new List<Rule>();
        var star = new List<Rule>();
        var sawOurGroup = false;
        var groupIsOurs = false;
        var groupIsStar = false;
        var inGroup = false;     // a User-agent line has been seen
        var groupHasRules = false; // the current group already had a rule: the next User-agent starts a new one
        TimeSpan? ourDelay = null;
        TimeSpan? starDelay = null;
        TimeSpan? groupDelay = null; // the current group's, assigned when the group ends (its agents are known then)

        foreach (var rawLine in text.EnumerateLines())
        {
            var line = rawLine;
            var hash = line.IndexOf('#');
            if (hash >= 0)
            {
                line = line[..hash];
            }

            if (!TrySplit(line, out var key, out var value))
            {
                continue;
            }

            if (key.Equals("user-agent", StringComparison.OrdinalIgnoreCase))
            {
                if (!inGroup || groupHasRules)
                {
                    EndGroup();
                    groupIsOurs = false;
                    groupIsStar = false;
                    groupHasRules = false;
                    inGroup = true;
                }

                var token = ProductToken(value);
                if (token is "*")
                {
                    groupIsStar = true;
                }
                else if (ourToken.Length > 0 && token.Equals(ourToken, StringComparison.OrdinalIgnoreCase))
                {
                    groupIsOurs = true;
                    sawOurGroup = true;
                }
            }
            else if (key.Equals("allow", StringComparison.OrdinalIgnoreCase) || key.Equals("disallow", StringComparison.OrdinalIgnoreCase))
            {
                if (!inGroup)
                {
                    continue; // rules outside any group
                }

                groupHasRules = true;
                if (value.IsEmpty || (!groupIsOurs && !groupIsStar))
                {
                    continue; // an empty rule matches nothing (an empty Disallow allows all)
                }

                var rule = new Rule(NormalizePattern(value), Allow: key.Equals("allow", StringComparison.OrdinalIgnoreCase));
                if (groupIsOurs)
                {
                    ours.Add(rule);
                }

                if (groupIsStar)
                {
                    star.Add(rule);
                }
            }
            else if (key.Equals("crawl-delay", StringComparison.OrdinalIgnoreCase))
            {
                // A member of the group like a rule: it ends the group's User-agent lines; outside a group it is ignored.
                if (inGroup)
                {
                    groupHasRules = true;
                    if (TryParseDelay(value, out var delay))
                    {
                        groupDelay ??= delay;
                    }
                }
            }
            else if (key.Equals("sitemap", StringComparison.OrdinalIgnoreCase))
            {
                if (!value.IsEmpty)
                {
                    sitemaps.Add(value.ToString());
                }
            }
        }

        EndGroup();

        // Our groups replace the "*" groups entirely, even when they have no rules (RFC 9309 §2.2.1).
        var rules = sawOurGroup ? ours : star;
        rules.Sort(static (a, b) => a.Pattern.Length != b.Pattern.Length
            ? b.Pattern.Length.CompareTo(a.Pattern.Length)
            : b.Allow.CompareTo(a.Allow));
        return new RobotsRules([.. rules], sitemaps, sawOurGroup ? ourDelay : starDelay);

        void EndGroup()
        {
            if (groupIsOurs)
            {
                ourDelay ??= groupDelay;
            }

            if (groupIsStar)
            {
                starDelay ??= groupDelay;
            }

            groupDelay = null;
        }
    }

    /// <summary>The first <see cref="MaxBytes"/> of the text (as UTF-8), cut back to the last line break inside the
    /// limit; the whole text when it is smaller.</summary>
    private static ReadOnlySpan<char> Truncate(string text)
    {
        // UTF-8 needs at most 3 bytes per UTF-16 char, so short texts need no counting.
        if ((long)text.Length * 3 <= MaxBytes || System.Text.Encoding.UTF8.GetByteCount(text) <= MaxBytes)
        {
            return text;
        }

        var bytes = 0;
        var end = 0;
        while (end < text.Length)
        {
            var c = text[end];
            var size = c < 0x80 ? 1 : c < 0x800 ? 2 : char.IsHighSurrogate(c) ? 4 : 3;
            if (bytes + size > MaxBytes)
            {
                break;
            }

            bytes += size;
            end += size == 4 ? 2 : 1;
        }

        var span = text.AsSpan(0, Math.Min(end, text.Length));
        var lastBreak = span.LastIndexOfAny('\n', '\r');
        return lastBreak < 0 ? span : span[..(lastBreak + 1)];
    }

    /// <summary>Splits "key: value" (or "key value" for the known keys, a common slip) into trimmed parts.</summary>
    private static bool TrySplit(ReadOnlySpan<char> line, out ReadOnlySpan<char> key, out ReadOnlySpan<char> value)
    {
        line = line.Trim().TrimStart('\uFEFF').TrimStart();
        var colon = line.IndexOf(':');
        if (colon >= 0)
        {
            key = line[..colon].Trim();
            value = line[(colon + 1)..].Trim();
            return !key.IsEmpty;
        }

        var space = line.IndexOfAny(' ', '\t');
        if (space > 0 && IsKnownKey(line[..space]))
        {
            key = line[..space];
            value = line[(space + 1)..].Trim();
            return true;
        }

        key = value = default;
        return false;
    }

    private static bool IsKnownKey(ReadOnlySpan<char> key) =>
        key.Equals("user-agent", StringComparison.OrdinalIgnoreCase) || key.Equals("allow", StringComparison.OrdinalIgnoreCase)
        || key.Equals("disallow", StringComparison.OrdinalIgnoreCase) || key.Equals("crawl-delay", StringComparison.OrdinalIgnoreCase)
        || key.Equals("sitemap", StringComparison.OrdinalIgnoreCase);

    private static bool TryParseDelay(ReadOnlySpan<char> value, out TimeSpan delay)
    {
        delay = default;
        if (!double.TryParse(value, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            || !double.IsFinite(seconds) || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        delay = TimeSpan.FromSeconds(seconds);
        return true;
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
            var path = pathAndQuery.AsSpan();
            if (path.IsEmpty)
            {
                sb.Append('/');
            }
            else
            {
                PercentEncoding.AppendEscaped(path, PatternSafe, ref sb);
            }

            var normalized = sb.AsSpan();
            foreach (var rule in _rules)
            {
                if (Matches(rule.Pattern, normalized))
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

    /// <summary>The product token of a user-agent string: "OrleansCrawler/0.1 (+https://...)" → "OrleansCrawler".</summary>
    private static ReadOnlySpan<char> ProductToken(ReadOnlySpan<char> userAgent)
    {
        userAgent = userAgent.Trim();
        var end = userAgent.IndexOfAny('/', ' ', '\t');
        return end < 0 ? userAgent : userAgent[..end];
    }

    private static string NormalizePattern(ReadOnlySpan<char> value)
    {
        var sb = new ValueStringBuilder(stackalloc char[256]);
        try
        {
            // A pattern that does not start with '/' or '*' (e.g. "Disallow: private") is read as rooted.
            if (value[0] is not ('/' or '*'))
            {
                sb.Append('/');
            }

            PercentEncoding.AppendEscaped(value, PatternSafe, ref sb);
            var pattern = sb.AsSpan();
            return pattern.Contains("**", StringComparison.Ordinal) ? CollapseStars(pattern) : pattern.ToString();
        }
        finally
        {
            sb.Dispose();
        }
    }

    private static string CollapseStars(ReadOnlySpan<char> pattern)
    {
        var chars = new System.Text.StringBuilder(pattern.Length);
        foreach (var c in pattern)
        {
            if (c != '*' || chars.Length == 0 || chars[^1] != '*')
            {
                chars.Append(c);
            }
        }

        return chars.ToString();
    }

    /// <summary>Whether the pattern matches a prefix of the path ('*' matches any run of characters; a trailing
    /// '$' requires the match to end at the end of the path). Two-pointer wildcard matching with backtracking to
    /// the last '*', linear for the usual single-wildcard patterns.</summary>
    internal static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> path)
    {
        var anchored = pattern.Length > 0 && pattern[^1] == '$';
        if (anchored)
        {
            pattern = pattern[..^1];
        }

        int p = 0, s = 0, starP = -1, starS = 0;
        while (true)
        {
            if (p == pattern.Length)
            {
                if (!anchored || s == path.Length)
                {
                    return true;
                }
            }
            else if (pattern[p] == '*')
            {
                starP = p++;
                starS = s;
                continue;
            }
            else if (s < path.Length && pattern[p] == path[s])
            {
                p++;
                s++;
                continue;
            }

            // Mismatch: let the last '*' swallow one more character, or fail.
            if (starP < 0 || starS >= path.Length)
            {
                return false;
            }

            p = starP + 1;
            s = ++starS;
        }
    }

    private readonly record struct Rule(string Pattern, bool Allow);
}
