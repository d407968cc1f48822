using AngleSharp.Html.Dom;

namespace OrleansCrawler.Core.Parsing;

/// <summary>What the parser takes from a page (<see cref="Page"/>) and the whole parsed document, text included, for
/// the code that reads more of it. Nothing to release: the garbage collector frees the document (see
/// <see cref="HtmlPageParser"/> on why it is not disposed).</summary>
public sealed record ParsedDocument(ParsedPage Page, IHtmlDocument Document);
