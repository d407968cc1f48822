using System.CommandLine;
using System.Globalization;

namespace OrleansCrawler.Cli.Commands;

/// <summary>Whole-number and choice options whose bad values are one error line naming the option and the value
/// (System.CommandLine's own conversion errors do not always name the option, and a validator reading an
/// unconvertible value throws).</summary>
public static class Numbers
{
    /// <summary>An int option accepting <paramref name="min"/>..<paramref name="max"/>; <paramref name="rule"/> says
    /// what is allowed, e.g. "at least 1".</summary>
    public static Option<int> Option(string name, string description, int defaultValue, int min, int max = int.MaxValue, string? rule = null) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                result.AddError($"{name}: '{text}' is not a whole number.");
                return defaultValue;
            }

            if (value < min || value > max)
            {
                var allowed = rule ?? (max == int.MaxValue ? $"at least {min}" : $"between {min} and {max}");
                result.AddError($"{name}: '{text}' is out of range; it must be {allowed}.");
                return defaultValue;
            }

            return value;
        },
    };

    /// <summary>An enum option read case-insensitively by name, its error listing the names.</summary>
    public static Option<T> Choice<T>(string name, string description, T defaultValue)
        where T : struct, Enum => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !char.IsAsciiDigit(text.TrimStart('-').FirstOrDefault()))
            {
                return value;
            }

            var names = string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));
            result.AddError($"{name}: '{text}' is not one of {names}.");
            return defaultValue;
        },
    };
}
