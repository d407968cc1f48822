using System.Globalization;

namespace OrleansCrawler.TestSite.Hosting;

/// <summary>Parses durations as written on a command line: "50ms", "1s", "2m", or a bare number of milliseconds.</summary>
internal static class DurationParser
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        double unitMs = 1;
        if (span.EndsWith("ms", StringComparison.OrdinalIgnoreCase))
        {
            span = span[..^2];
        }
        else if (span.EndsWith("s", StringComparison.OrdinalIgnoreCase))
        {
            span = span[..^1];
            unitMs = 1000;
        }
        else if (span.EndsWith("m", StringComparison.OrdinalIgnoreCase))
        {
            span = span[..^1];
            unitMs = 60_000;
        }

        if (!double.TryParse(span, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value)
            || double.IsNaN(value) || value * unitMs > TimeSpan.FromDays(1).TotalMilliseconds)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(value * unitMs);
        return true;
    }
}
