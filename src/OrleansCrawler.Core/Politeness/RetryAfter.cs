using System.Globalization;

namespace OrleansCrawler.Core.Politeness;

/// <summary>Parses the Retry-After header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.</summary>
public static class RetryAfter
{
    private static readonly string[] DateFormats =
    [
        "r", // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        "dddd, dd-MMM-yy HH:mm:ss 'GMT'", // obsolete RFC 850
        "ddd MMM d HH:mm:ss yyyy", // asctime
        "ddd MMM dd HH:mm:ss yyyy",
    ];

    /// <summary>The wait the header asks for, from <paramref name="now"/>; a date in the past gives zero.
    /// False for a missing or malformed value.</summary>
    public static bool TryParse(string? value, DateTimeOffset now, out TimeSpan wait)
    {
        wait = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var text = value.Trim();
        if (text.Length <= 10 && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            wait = TimeSpan.FromSeconds(seconds);
            return true;
        }

        if (DateTimeOffset.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowInnerWhite, out var date))
        {
            var delta = date - now;
            wait = delta > TimeSpan.Zero ? delta : TimeSpan.Zero;
            return true;
        }

        return false;
    }
}
