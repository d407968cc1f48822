namespace OrleansCrawler.Core.Parsing;

/// <summary>Parses HTML with AngleSharp and extracts the title and the &lt;a href&gt; links. Thread-safe.</summary>
public sealed class HtmlPageParser
{
    /// <param name="html">The decoded document.</param>
    /// <param name="documentUrl">The URL the document was fetched from (after redirects).</param>
    public ParsedPage Parse(string html, Uri documentUrl) => throw new NotImplementedException();
}
