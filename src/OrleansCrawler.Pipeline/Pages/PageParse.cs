namespace OrleansCrawler.Pipeline.Pages;

/// <summary>How much of a page a feature reads.</summary>
public enum PageParse
{
    /// <summary>What <see cref="PageContext.Parsed"/> holds: title, links, canonical, robots directives. The parser then
    /// skips text, comments and scripts, which halves its work.</summary>
    Links,

    /// <summary>The whole document, text included (<see cref="PageContext.Document"/>): main content, fields, anchor text.</summary>
    Document,
}
