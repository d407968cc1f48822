namespace OrleansCrawler.Core.Fields;

/// <summary>One field of a rule set: a CSS selector (AngleSharp's) and what to take from what it matches.</summary>
/// <param name="Name">The field's name: its key in the page's <c>fields</c> object and its CSV column (<c>fields.NAME</c>).</param>
/// <param name="Selector">A CSS selector, checked when the rules are read.</param>
/// <param name="Take">Text, an attribute, inner HTML or the count of matches.</param>
/// <param name="Attribute">The attribute's name when <paramref name="Take"/> is <see cref="FieldTake.Attribute"/>.</param>
/// <param name="All">Every match, as a list; otherwise the first match only.</param>
/// <param name="Trim">Trim white space from each value (before <paramref name="Pattern"/>).</param>
/// <param name="Pattern">A regular expression applied to each value: its first group (or the whole match if it has no
/// group) becomes the value; a value it does not match is dropped.</param>
/// <param name="Required">A page whose rule set has this field and where it is absent (no value, an empty list, a count
/// of 0) records the field's name in its missing fields.</param>
public sealed record FieldRule(
    string Name,
    string Selector,
    FieldTake Take = FieldTake.Text,
    string? Attribute = null,
    bool All = false,
    bool Trim = true,
    string? Pattern = null,
    bool Required = false);
