using AngleSharp.Html.Dom;

namespace OrleansCrawler.Core.Parsing;

/// <summary>What the parser takes from a page (<see cref="Page"/>) and the whole parsed document, text included, for
/// the code that reads more of it. Disposing it releases the document.</summary>
public sealed record ParsedDocument(ParsedPage Page, IHtmlDocument Document) : IDisposable
{
    public void Dispose() => Document.Dispose();
}
