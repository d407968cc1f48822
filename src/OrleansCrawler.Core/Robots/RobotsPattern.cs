using System.Buffers;
using OrleansCrawler.Core.Text;
using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Core.Robots;

/// <summary>robots.txt patterns (RFC 9309 §2.2.2–2.2.3): a rule's pattern and a URL path are put in the same
/// percent-encoded form, then matched with '*' wildcards and a '$' end anchor.</summary>
internal static class RobotsPattern
{
    // '*' and '$' are operators in patterns and must survive normalization; the rest is the URL path/query set.
    private static readonly SearchValues<char> PatternSafe = SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?");

    // In a URL path '*' and '$' are plain characters: they are encoded as "%2A" and "%24", so that a pattern's
    // "%2A" and "%24" match them and its operators '*' and '$' never meet a literal (RFC 9309 §2.2.3, Figure 6).
    private static readonly SearchValues<char> PathSafe = SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!&'()+,;=:@/?");

    /// <summary>Appends a path (with its query) in the form patterns are compared in; an empty path is "/".</summary>
    public static void AppendPath(ReadOnlySpan<char> path, ref ValueStringBuilder sb)
    {
        if (path.IsEmpty)
        {
            sb.Append('/');
        }
        else
        {
            PercentEncoding.AppendEscaped(path, PathSafe, ref sb);
        }
    }

    /// <summary>The pattern of an Allow or Disallow value (not empty), in the form paths are compared in.</summary>
    public static string Normalize(ReadOnlySpan<char> value)
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
    public static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> path)
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
}
