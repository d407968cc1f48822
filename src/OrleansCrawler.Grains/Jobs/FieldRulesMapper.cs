using System.Collections.Immutable;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Fields;

namespace OrleansCrawler.Grains.Jobs;

/// <summary>Maps <c>--extract</c> rules between Core (<see cref="FieldRuleSet"/>, read from YAML by the CLI) and the
/// job's wire spec (<see cref="FieldRuleSetSpec"/>).</summary>
public static class FieldRulesMapper
{
    public static ImmutableArray<FieldRuleSetSpec> ToSpec(IReadOnlyList<FieldRuleSet> rules) =>
        [.. rules.Select(set => new FieldRuleSetSpec(set.Url, set.UrlIsRegex, [.. set.Fields.Select(f =>
            new FieldRuleSpec(f.Name, f.Selector, TakeName(f.Take), f.Attribute, f.All, f.Trim, f.Pattern, f.Required))]))];

    /// <summary>The rules of a spec (none when it has none, or predates them).</summary>
    public static IReadOnlyList<FieldRuleSet> ToRules(ImmutableArray<FieldRuleSetSpec> rules) => rules.IsDefaultOrEmpty
        ? []
        : [.. rules.Select(set => new FieldRuleSet(set.Url, set.UrlIsRegex, [.. set.Fields.Select(f =>
            new FieldRule(f.Name, f.Selector, ToTake(f.Take), f.Attribute, f.All, f.Trim, f.Pattern, f.Required))]))];

    /// <summary>Every field name of a job's rules, in order of first appearance (the CSV columns of its export).</summary>
    public static ImmutableArray<string> FieldNames(JobSpec spec) => spec.ExtractRules.IsDefaultOrEmpty
        ? []
        : [.. spec.ExtractRules.SelectMany(s => s.Fields).Select(f => f.Name).Distinct(StringComparer.Ordinal)];

    private static string TakeName(FieldTake take) => take switch
    {
        FieldTake.Attribute => "attr",
        _ => take.ToString().ToLowerInvariant(),
    };

    private static FieldTake ToTake(string take) => take switch
    {
        "text" => FieldTake.Text,
        "attr" => FieldTake.Attribute,
        "html" => FieldTake.Html,
        "count" => FieldTake.Count,
        _ => throw new ArgumentOutOfRangeException(nameof(take), take, "unknown field take (text, attr, html, count)"),
    };
}
