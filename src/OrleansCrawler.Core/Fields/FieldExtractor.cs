using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Css.Dom;
using AngleSharp.Dom;

namespace OrleansCrawler.Core.Fields;

/// <summary>A job's rules, compiled once (selectors parsed, regular expressions built) and run on every page's parsed
/// document: the first rule set whose URL pattern matches the page's final URL gives its fields. Read-only after
/// construction, so one instance serves every page of the job on every thread.</summary>
public sealed class FieldExtractor
{
    private readonly (Regex Url, CompiledField[] Fields)[] _sets;

    /// <exception cref="ArgumentException">A selector or regular expression is not valid (a rules file read by
    /// <see cref="FieldRulesFile"/> never has one).</exception>
    public FieldExtractor(IReadOnlyList<FieldRuleSet> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _sets = [.. rules.Select(set => (FieldPatterns.Url(set.Url, set.UrlIsRegex), set.Fields.Select(Compile).ToArray()))];
        Names = [.. rules.SelectMany(s => s.Fields).Select(f => f.Name).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Every field name of every rule set, in order of first appearance: the CSV columns.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The fields of a page, or null when no rule set matches its URL.</summary>
    public ExtractedFields? Extract(IDocument document, string url)
    {
        ArgumentNullException.ThrowIfNull(document);
        var fields = Match(url);
        if (fields is null)
        {
            return null;
        }

        var missing = new List<string>();
        var errors = new List<string>();
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var field in fields)
            {
                object? value;
                try
                {
                    value = field.Evaluate(document);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // One field failing on one page (a regex timing out on hostile text) costs that field only.
                    errors.Add($"{field.Rule.Name}: {e.Message}");
                    writer.WriteNull(field.Rule.Name);
                    continue;
                }

                writer.WritePropertyName(field.Rule.Name);
                if (!Write(writer, value) && field.Rule.Required)
                {
                    missing.Add(field.Rule.Name);
                }
            }

            writer.WriteEndObject();
        }

        return new ExtractedFields(Encoding.UTF8.GetString(buffer.WrittenSpan), missing, errors);
    }

    /// <summary>Writes a value; false when it is absent (null, an empty list, a count of 0).</summary>
    private static bool Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case int count:
                writer.WriteNumberValue(count);
                return count > 0;
            case string text:
                writer.WriteStringValue(text);
                return true;
            case List<string> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    writer.WriteStringValue(item);
                }

                writer.WriteEndArray();
                return list.Count > 0;
            default:
                writer.WriteNullValue();
                return false;
        }
    }

    private CompiledField[]? Match(string url)
    {
        foreach (var (pattern, fields) in _sets)
        {
            if (pattern.IsMatch(url))
            {
                return fields;
            }
        }

        return null;
    }

    private static CompiledField Compile(FieldRule rule) => new(rule,
        FieldPatterns.Selector(rule.Selector) ?? throw new ArgumentException($"field '{rule.Name}': bad CSS selector '{rule.Selector}'"),
        rule.Pattern is null ? null : FieldPatterns.Regex(rule.Pattern));

    private sealed record CompiledField(FieldRule Rule, ISelector Selector, Regex? Pattern)
    {
        /// <summary>The field's value on a page: a count, a string (null when absent) or a list of strings.</summary>
        public object? Evaluate(IDocument document)
        {
            if (Rule.Take == FieldTake.Count)
            {
                return Query(document).Count();
            }

            if (!Rule.All)
            {
                // The first match that yields a value (an element without the attribute, or not matching the regex, is skipped).
                foreach (var element in Query(document))
                {
                    if (Value(element) is { } value)
                    {
                        return value;
                    }
                }

                return null;
            }

            var values = new List<string>();
            foreach (var element in Query(document))
            {
                if (Value(element) is { } value)
                {
                    values.Add(value);
                }
            }

            return values;
        }

        // AngleSharp's MatchAll walks the elements below the root; the root itself (<html>) is checked here.
        private IEnumerable<IElement> Query(IDocument document)
        {
            if (document.DocumentElement is not { } root)
            {
                return [];
            }

            var below = Selector.MatchAll([root], null);
            return Selector.Match(root) ? below.Prepend(root) : below;
        }

        private string? Value(IElement element)
        {
            var raw = Rule.Take switch
            {
                FieldTake.Attribute => element.GetAttribute(Rule.Attribute!),
                FieldTake.Html => element.InnerHtml,
                _ => element.TextContent,
            };
            if (raw is null)
            {
                return null;
            }

            if (Rule.Trim)
            {
                raw = raw.Trim();
            }

            if (Pattern is null)
            {
                return raw;
            }

            var match = Pattern.Match(raw);
            return !match.Success ? null : match.Groups.Count > 1 ? match.Groups[1].Value : match.Value;
        }
    }
}
