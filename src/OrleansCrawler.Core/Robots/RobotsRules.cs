using System.Buffers;
using OrleansCrawler.Core.Text;
using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Core.Robots;

/// <summary>The rules of one robots.txt for one user agent: the group whose User-agent token matches ours
/// (case-insensitive product token), else the "*" group; Allow/Disallow with the longest match winning and
/// Allow winning ties; "*" wildcards and "$" end anchors. (Full RFC 9309 comes later.)</summary>
/// <remarks>
/// Parsing follows RFC 9309 §2.1–2.2: comments are stripped, unknown lines ignored, consecutive User-agent lines
/// share a group, every group naming our product token is merged (else every "*" group), rules before any
/// User-agent line are ignored, and an empty Disallow allows everything. Patterns and paths are compared after
/// the same percent-encoding normalization (unreserved escapes decoded, hex upper-cased, non-ASCII encoded as
/// UTF-8), so "/%7Ejoe" and "/~joe" are the same path. Matching is case-sensitive. Sitemap lines are collected
/// wherever they appear.
/// </remarks>
public sealed class RobotsRules
{
    // '*' and '$' are operators in patterns and must survive normalization; the rest is the URL path/query set.
    private static readonly SearchValues<char> PatternSafe = SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?");

    private readonly Rule[] _rules; // longest pattern first, Allow before Disallow on equal length

    private RobotsRules(Rule[] rules, IReadOnlyList<string> sitemaps)
    {
        _rules = rules;
        Sitemaps = sitemaps;
    }

    public static RobotsRules AllowAll { get; } = new([], []);

    public static RobotsRules DisallowAll { get; } = new([new Rule("/", Allow: false)], []);

    public static RobotsRules Parse(string robotsTxt, string userAgent)
    {
        ArgumentNullException.ThrowIfNull(robotsTxt);
        ArgumentNullException.ThrowIfNull(userAgent);
        var ourToken = ProductToken(userAgent);

        var sitemaps = new List<string>();
        var ours = new List<Rule>();
        var star = new List<Rule>();
        var sawOurGroup = false;
        var groupIsOurs = false;
        var groupIsStar = false;
        var inGroup = false;     // a User-agent line has been seen
        var groupHasRules = false; // the current group already had a rule: the next User-agent starts a new one

        foreach (var rawLine in robotsTxt.AsSpan().EnumerateLines())
        {
            var line = rawLine;
            var hash = line.IndexOf('#');
            if (hash >= 0)
            {
                line = line[..hash];
            }

            var colon = line.IndexOf(':');
            if (colon < 0)
            {
                continue;
            }

            var key = line[..colon].Trim().TrimStart('\uFEFF');
            var value = line[(colon + 1)..].Trim();

            if (key.Equals("user-agent", StringComparison.OrdinalIgnoreCase))
            {
                if (!inGroup || groupHasRules)
                {
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
            else if (key.Equals("sitemap", StringComparison.OrdinalIgnoreCase))
            {
                if (!value.IsEmpty)
                {
                    sitemaps.Add(value.ToString());
                }
            }
        }

        // Our groups replace the "*" groups entirely, even when they have no rules (RFC 9309 §2.2.1).
        var rules = sawOurGroup ? ours : star;
        rules.Sort(static (a, b) => a.Pattern.Length != b.Pattern.Length
            ? b.Pattern.Length.CompareTo(a.Pattern.Length)
            : b.Allow.CompareTo(a.Allow));
        return new RobotsRules([.. rules], sitemaps);
    }

    /// <summary>Whether a path (with its query, e.g. "/a/b?x=1") may be fetched.</summary>
    public bool IsAllowed(string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        if (_rules.Length == 0)
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
                UrlNormalizer.AppendEscaped(path, PatternSafe, ref sb);
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

            UrlNormalizer.AppendEscaped(value, PatternSafe, ref sb);
            return sb.ToString();
        }
        finally
        {
            sb.Dispose();
        }
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
