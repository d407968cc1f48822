namespace OrleansCrawler.Core.Content;

/// <summary>What is kept of a page's main content (<c>--content</c>).</summary>
public enum ContentFormat
{
    /// <summary>Nothing (the default).</summary>
    None = 0,

    /// <summary>Plain text: paragraphs separated by a blank line.</summary>
    Text = 1,

    /// <summary>Markdown: headings, lists, links, tables, code, quotes, emphasis.</summary>
    Markdown = 2,

    /// <summary>The main content's HTML, boilerplate removed.</summary>
    Html = 3,
}
