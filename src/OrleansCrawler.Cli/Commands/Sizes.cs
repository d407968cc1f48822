using System.Globalization;

namespace OrleansCrawler.Cli.Commands;

/// <summary>Sizes on the command line: "1GB", "100MB", "64KB" (powers of 1024; "KiB" etc. too) or a bare number of bytes.</summary>
public static class Sizes
{
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        long unit = 1;
        foreach (var (suffix, size) in new (string, long)[] { ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("KB", 1L << 10), ("MB", 1L << 20), ("GB", 1L << 30), ("B", 1) })
        {
            if (span.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                span = span[..^suffix.Length].TrimEnd();
                unit = size;
                break;
            }
        }

        if (!double.TryParse(span, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value * unit > (double)(1L << 50))
        {
            return false;
        }

        bytes = (long)(value * unit);
        return true;
    }
}
