using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OrleansCrawler.Core.Fields;

/// <summary>Reads a rules file (<c>--extract rules.yaml</c>; docs/fields.md): YAML with a <c>rules</c> list of rule sets,
/// each a URL pattern and its fields. Everything is checked here, before a crawl starts: unknown keys, types, CSS
/// selectors (AngleSharp's parser), regular expressions; the first problem is a <see cref="FieldRulesException"/>
/// naming the file and line. Only the CLI reads YAML: the silos get the rules as data in the job's spec.</summary>
public static class FieldRulesFile
{
    private static readonly string[] RuleSetKeys = ["url", "url-regex", "fields"];
    private static readonly string[] FieldKeys = ["css", "take", "attr", "all", "trim", "regex", "required"];

    /// <exception cref="FieldRulesException">The file cannot be read or has a problem (the message names its line).</exception>
    public static IReadOnlyList<FieldRuleSet> Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FieldRulesException(path, 0, $"cannot read the rules file: {e.Message}");
        }

        return Parse(text, path);
    }

    /// <exception cref="FieldRulesException">The text has a problem; <paramref name="file"/> names it in the message.</exception>
    public static IReadOnlyList<FieldRuleSet> Parse(string text, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new FieldRulesException(file, (int)e.Start.Line, $"YAML error: {Inner(e).Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new FieldRulesException(file, stream.Documents.Count == 0 ? 1 : Line(stream.Documents[0].RootNode),
                "expected a mapping with a 'rules' list");
        }

        var reader = new Reader(file);
        reader.OnlyKeys(root, ["rules"], "top level");
        if (!root.Children.TryGetValue(new YamlScalarNode("rules"), out var rulesNode) || rulesNode is not YamlSequenceNode rules || rules.Children.Count == 0)
        {
            throw new FieldRulesException(file, Line(rulesNode ?? root), "'rules' must be a non-empty list of rule sets (url + fields)");
        }

        return [.. rules.Children.Select(reader.RuleSet)];
    }

    private static Exception Inner(Exception e) => e.InnerException is YamlException inner ? inner : e;

    private static int Line(YamlNode node) => (int)node.Start.Line;

    private sealed class Reader(string file)
    {
        public FieldRuleSet RuleSet(YamlNode node)
        {
            var map = node as YamlMappingNode ?? throw Error(node, "a rule set must be a mapping with 'url' (or 'url-regex') and 'fields'");
            OnlyKeys(map, RuleSetKeys, "rule set");
            var glob = Scalar(map, "url");
            var regex = Scalar(map, "url-regex");
            if ((glob is null) == (regex is null))
            {
                throw Error(map, "a rule set needs exactly one of 'url' (a glob) or 'url-regex'");
            }

            var (pattern, isRegex) = regex is null ? (glob!, false) : (regex, true);
            try
            {
                FieldPatterns.Url(pattern.Value!, isRegex);
            }
            catch (ArgumentException e)
            {
                throw Error(pattern, $"bad regex '{pattern.Value}': {e.Message}");
            }

            if (!map.Children.TryGetValue(new YamlScalarNode("fields"), out var fieldsNode) || fieldsNode is not YamlMappingNode fields || fields.Children.Count == 0)
            {
                throw Error(fieldsNode ?? map, "'fields' must be a non-empty mapping of field names to selectors");
            }

            return new FieldRuleSet(pattern.Value!, isRegex, [.. fields.Children.Select(f => Field(f.Key, f.Value))]);
        }

        private FieldRule Field(YamlNode key, YamlNode value)
        {
            var name = (key as YamlScalarNode)?.Value;
            if (string.IsNullOrWhiteSpace(name))
            {
                throw Error(key, "a field name must be a non-empty string");
            }

            if (value is YamlScalarNode shorthand)
            {
                return new FieldRule(name, Selector(shorthand));
            }

            var map = value as YamlMappingNode ?? throw Error(value, $"field '{name}': expected a CSS selector or a mapping with 'css'");
            OnlyKeys(map, FieldKeys, $"field '{name}'");
            var css = Scalar(map, "css") ?? throw Error(map, $"field '{name}' has no 'css' selector");
            var attr = Scalar(map, "attr");
            var takeNode = Scalar(map, "take");
            var take = takeNode?.Value switch
            {
                null => attr is null ? FieldTake.Text : FieldTake.Attribute,
                "text" => FieldTake.Text,
                "html" => FieldTake.Html,
                "count" => FieldTake.Count,
                "attr" => FieldTake.Attribute,
                var other => throw Error(takeNode, $"field '{name}': take '{other}' is not one of text, attr, html, count"),
            };
            if (take == FieldTake.Attribute && string.IsNullOrWhiteSpace(attr?.Value))
            {
                throw Error((YamlNode?)takeNode ?? map, $"field '{name}': take attr needs 'attr: NAME'");
            }

            if (take != FieldTake.Attribute && attr is not null)
            {
                throw Error(attr, $"field '{name}': 'attr' only goes with take attr (or no take)");
            }

            var regexNode = Scalar(map, "regex");
            if (regexNode is not null)
            {
                try
                {
                    FieldPatterns.Regex(regexNode.Value!);
                }
                catch (ArgumentException e)
                {
                    throw Error(regexNode, $"field '{name}': bad regex '{regexNode.Value}': {e.Message}");
                }
            }

            return new FieldRule(name, Selector(css), take, attr?.Value, Bool(map, "all", false), Bool(map, "trim", true), regexNode?.Value,
                Bool(map, "required", false));
        }

        private string Selector(YamlScalarNode css)
        {
            if (FieldPatterns.Selector(css.Value ?? "") is null)
            {
                throw Error(css, $"bad CSS selector '{css.Value}'");
            }

            return css.Value!;
        }

        public void OnlyKeys(YamlMappingNode map, string[] allowed, string where)
        {
            foreach (var key in map.Children.Keys)
            {
                if (key is not YamlScalarNode { Value: { } name } || !allowed.Contains(name))
                {
                    throw Error(key, $"unknown key '{(key as YamlScalarNode)?.Value ?? key.ToString()}' in {where} (expected {string.Join(", ", allowed)})");
                }
            }
        }

        private YamlScalarNode? Scalar(YamlMappingNode map, string key)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
            {
                return null;
            }

            return node is YamlScalarNode { Value: not null and not "" } scalar ? scalar : throw Error(node, $"'{key}' must be a non-empty string");
        }

        private bool Bool(YamlMappingNode map, string key, bool fallback)
        {
            var node = Scalar(map, key);
            return node?.Value switch
            {
                null => fallback,
                "true" => true,
                "false" => false,
                var other => throw Error(node, $"'{key}' must be true or false, not '{other}'"),
            };
        }

        private FieldRulesException Error(YamlNode node, string problem) => new(file, Line(node), problem);
    }
}
