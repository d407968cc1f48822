namespace OrleansCrawler.TestSite.Graph;

/// <summary>What kind of copy an article page is (<see cref="TestWebOptions.DuplicatePercent"/>).</summary>
public enum CopyKind
{
    /// <summary>Not a copy: its own article.</summary>
    None,

    /// <summary>A near duplicate: the original's article republished under this page's own navigation, sidebar and
    /// footer, with another date and view counter.</summary>
    Republished,

    /// <summary>A near duplicate: the printer-friendly copy (no header, navigation, sidebar, share box or ad; the
    /// page's links in a plain list), with another date and view counter.</summary>
    Printable,

    /// <summary>Not a duplicate though it looks like one: the original's title, headings, list, table and code, but
    /// sentences of its own.</summary>
    LookAlike,
}
