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

        var found = new Found(fields);
        if (document.DocumentElement is { } root)
        {
            found.Collect(root);
        }

        var missing = new List<string>();
        var errors = new List<string>();
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            for (var i = 0; i < fields.Length; i++)
            {
                var rule = fields[i].Rule;
                if (found.Errors[i] is { } error)
                {
                    // One field failing on one page (a regex timing out on hostile text) costs that field only.
                    errors.Add($"{rule.Name}: {error}");
                    writer.WriteNull(rule.Name);
                    continue;
                }

                writer.WritePropertyName(rule.Name);
                if (!found.Write(writer, i) && rule.Required)
                {
                    missing.Add(rule.Name);
                }
            }

            writer.WriteEndObject();
        }

        return new ExtractedFields(Encoding.UTF8.GetString(buffer.WrittenSpan), missing, errors);
    }

    /// <summary>Every field's value on one page, gathered in one walk of the document: each element, in document order
    /// (the root first, as a selector's MatchAll below it and the root itself), is matched against the fields that can
    /// still take a value; a field that wants one value is done at its first match that yields one, and the walk stops
    /// when every field is done. The walk keeps its own stack, so a page nested however deep cannot exhaust the
    /// thread's. Before, each field walked the whole document with its own selector (docs/fields.md, "Speed").</summary>
    private sealed class Found(CompiledField[] fields)
    {
        private readonly int[] _counts = new int[fields.Length];
        private readonly string?[] _firsts = new string?[fields.Length];
        private readonly List<string>?[] _lists = [.. fields.Select(f => f.Rule.Take != FieldTake.Count && f.Rule.All ? new List<string>() : null)];
        private readonly bool[] _done = new bool[fields.Length];
        private int _open = fields.Length;

        /// <summary>Per field, the message of the exception it threw on this page, or null.</summary>
        public string?[] Errors { get; } = new string?[fields.Length];

        public void Collect(IElement root)
        {
            if (!Visit(root))
            {
                return;
            }

            var stack = new Stack<(INodeList Nodes, int Next)>();
            stack.Push((root.ChildNodes, 0));
            while (stack.TryPop(out var top))
            {
                var (nodes, next) = top;
                for (; next < nodes.Length; next++)
                {
                    if (nodes[next] is IElement element)
                    {
                        if (!Visit(element))
                        {
                            return;
                        }

                        // Its children next, then its following siblings.
                        stack.Push((nodes, next + 1));
                        stack.Push((element.ChildNodes, 0));
                        break;
                    }
                }
            }
        }

        /// <summary>Matches one element against the open fields; false once every field is done.</summary>
        private bool Visit(IElement element)
        {
            for (var i = 0; i < fields.Length; i++)
            {
                if (_done[i])
                {
                    continue;
                }

                var field = fields[i];
                try
                {
                    if (!field.Selector.Match(element))
                    {
                        continue;
                    }

                    if (field.Rule.Take == FieldTake.Count)
                    {
                        _counts[i]++;
                    }
                    else if (field.Value(element) is { } value)
                    {
                        if (_lists[i] is { } list)
                        {
                            list.Add(value);
                        }
                        else
                        {
                            _firsts[i] = value;
                            Close(i);
                        }
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    Errors[i] = e.Message;
                    Close(i);
                }
            }

            return _open > 0;
        }

        private void Close(int field)
        {
            _done[field] = true;
            _open--;
        }

        /// <summary>Writes a field's value; false when it is absent (null, an empty list, a count of 0).</summary>
        public bool Write(Utf8JsonWriter writer, int field)
        {
            if (fields[field].Rule.Take == FieldTake.Count)
            {
                writer.WriteNumberValue(_counts[field]);
                return _counts[field] > 0;
            }

            if (_lists[field] is { } list)
            {
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    writer.WriteStringValue(item);
                }

                writer.WriteEndArray();
                return list.Count > 0;
            }

            if (_firsts[field] is { } text)
            {
                writer.WriteStringValue(text);
                return true;
            }

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
        /// <summary>What the field takes from an element it matched; null when the element yields nothing (no such
        /// attribute, or the pattern does not match).</summary>
        public string? Value(IElement element)
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
