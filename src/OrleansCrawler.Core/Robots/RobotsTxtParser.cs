namespace OrleansCrawler.Core.Robots;

/// <summary>Reads a robots.txt into the <see cref="RobotsRules"/> of one user agent (RFC 9309 §2.1–2.2, §2.5; see
/// <see cref="RobotsRules"/> for the rules it follows): lines, groups, their rules and Crawl-delay, and Sitemap
/// lines.</summary>
internal static class RobotsTxtParser
{
    private const int MaxBytes = RobotsRules.MaxBytes;

    public static RobotsRules Parse(string robotsTxt, string userAgent)
    {
        var ourToken = ProductToken(userAgent);
        var text = Truncate(robotsTxt);

        var sitemaps = new List<string>();
        var ours = new List<RobotsRule>();
        var star = new List<RobotsRule>();
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

                var rule = new RobotsRule(RobotsPattern.Normalize(value), Allow: key.Equals("allow", StringComparison.OrdinalIgnoreCase));
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
                // Not a rule: like any other record it must not end the group's run of User-agent lines (RFC 9309
                // §2.2.4), so "User-agent: a / Crawl-delay: 2 / User-agent: b / Disallow: /" is one group of a and b.
                // Outside a group it is ignored.
                if (inGroup)
                {
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

    /// <summary>The first <see cref="RobotsRules.MaxBytes"/> of the text (as UTF-8), cut back to the last line break
    /// inside the limit; the whole text when it is smaller.</summary>
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

    /// <summary>The product token of a user-agent string: "OrleansCrawler/0.1 (+https://...)" → "OrleansCrawler".</summary>
    private static ReadOnlySpan<char> ProductToken(ReadOnlySpan<char> userAgent)
    {
        userAgent = userAgent.Trim();
        var end = userAgent.IndexOfAny('/', ' ', '\t');
        return end < 0 ? userAgent : userAgent[..end];
    }
}
