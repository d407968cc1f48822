namespace OrleansCrawler.Core.Fields;

/// <summary>What a field takes from the elements its selector matches.</summary>
public enum FieldTake
{
    /// <summary>The element's text (its <c>textContent</c>).</summary>
    Text,

    /// <summary>The value of one attribute (<see cref="FieldRule.Attribute"/>).</summary>
    Attribute,

    /// <summary>The element's inner HTML.</summary>
    Html,

    /// <summary>How many elements match (a number, never absent).</summary>
    Count,
}
