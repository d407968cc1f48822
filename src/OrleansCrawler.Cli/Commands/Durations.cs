using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace OrleansCrawler.Cli.Commands;

/// <summary>Durations on the command line: "250ms", "2s", "1m", or a bare number of milliseconds.</summary>
public static class Durations
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

        if (!double.TryParse(span, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value) || value * unitMs > TimeSpan.FromDays(1).TotalMilliseconds)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(value * unitMs);
        return true;
    }

    /// <summary>An option holding a duration, with a default and an error naming the bad value.</summary>
    /// <param name="positive">Zero is meaningless for this option (a timeout): it is an error.</param>
    public static Option<TimeSpan> Option(string name, string description, TimeSpan defaultValue, bool positive = false) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
            if (!TryParse(text, out var duration))
            {
                result.AddError($"{name}: '{text}' is not a duration; use e.g. 250ms, 2s, 1m or a number of milliseconds (at most a day).");
                return defaultValue;
            }

            if (positive && duration <= TimeSpan.Zero)
            {
                result.AddError($"{name}: '{text}' is out of range; it must be more than 0.");
                return defaultValue;
            }

            return duration;
        },
    };

    /// <summary>An option holding a duration or <c>auto</c>, the default.</summary>
    public static Option<DelayChoice> OrAuto(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "auto|0|duration",
        DefaultValueFactory = _ => DelayChoice.Auto,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
            if (string.Equals(text?.Trim(), "auto", StringComparison.OrdinalIgnoreCase))
            {
                return DelayChoice.Auto;
            }

            if (!TryParse(text, out var duration))
            {
                result.AddError($"{name}: '{text}' is not a duration or auto; use e.g. auto, 0, 250ms, 2s, 1m or a number of milliseconds (at most a day).");
                return DelayChoice.Auto;
            }

            return new DelayChoice(duration);
        },
    };
}
